using System.Collections.Frozen;
using System.Text.Json;

namespace CodingAgent.Core.Runs;

/// <summary>The wire form of run events: the SSE event name and the JSON <c>data</c> (web defaults), both ways.</summary>
public static class AgentEventJson
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    private static readonly FrozenDictionary<string, Type> _types = new Dictionary<string, Type>
    {
        ["run"] = typeof(RunStartedEvent),
        ["text"] = typeof(TextDeltaEvent),
        ["thinking"] = typeof(ThinkingEvent),
        ["notice"] = typeof(NoticeEvent),
        ["code"] = typeof(CodeEvent),
        ["stdout"] = typeof(StdoutEvent),
        ["stderr"] = typeof(StderrEvent),
        ["artifact"] = typeof(ArtifactEvent),
        ["step_error"] = typeof(StepErrorEvent),
        ["step_end"] = typeof(StepEndEvent),
        ["kernel_restarted"] = typeof(KernelRestartedEvent),
        ["final"] = typeof(FinalEvent),
        ["error"] = typeof(ErrorEvent),
        ["done"] = typeof(DoneEvent),
    }.ToFrozenDictionary();

    public static string Serialize(AgentEvent agentEvent) => JsonSerializer.Serialize(agentEvent, agentEvent.GetType(), _json);

    /// <summary>The event, or null for a name this version does not know (a newer instance's event).</summary>
    public static AgentEvent? Deserialize(string name, string data) =>
        _types.TryGetValue(name, out var type) ? (AgentEvent?)JsonSerializer.Deserialize(data, type, _json) : null;
}
