namespace CodingAgent.Core.Runs;

/// <summary>A run event with its place in the run (the SSE <c>id</c>), its name and its JSON as sent.</summary>
public sealed record SequencedEvent(long Sequence, string Name, string Data)
{
    public bool IsDone => Name == "done";

    public AgentEvent? ToEvent() => AgentEventJson.Deserialize(Name, Data);
}
