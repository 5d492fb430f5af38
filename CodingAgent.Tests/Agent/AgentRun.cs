using CodingAgent.Core.Domain;
using CodingAgent.Core.Runs;

namespace CodingAgent.Tests.Agent;

/// <summary>What one question produced: its events in order and the stored answer.</summary>
internal sealed record AgentRun(IReadOnlyList<AgentEvent> Events, ConversationMessage Answer)
{
    public IReadOnlyList<string> Names => [.. Events.Select(e => e.EventName)];

    public IEnumerable<T> Of<T>() where T : AgentEvent => Events.OfType<T>();

    public string Text => string.Concat(Of<TextDeltaEvent>().Select(e => e.Delta));

    public DoneEvent Done => Assert.IsType<DoneEvent>(Events[^1]);
}
