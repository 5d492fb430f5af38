using System.Text.Json;
using CodingAgent.Core.Runs;

namespace CodingAgent.Web.Api.Wire;

/// <summary>
/// The public SSE format (docs/api.md "Asking a question"): each run event of Core mapped to its wire record, so the
/// contract changes only here and only on purpose.
/// </summary>
public static class WireEvents
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>The event's wire record, under its SSE name.</summary>
    public static object ToWire(AgentEvent agentEvent) => agentEvent switch
    {
        RunStartedEvent e => new RunStartedWire(e.RunId, e.MessageId),
        TextDeltaEvent e => new TextWire(e.Delta),
        ThinkingEvent e => new TextWire(e.Delta),
        NoticeEvent e => new MessageWire(e.Message),
        CodeEvent e => new CodeWire(e.StepId, e.Code),
        StdoutEvent e => new OutputWire(e.StepId, e.Text),
        StderrEvent e => new OutputWire(e.StepId, e.Text),
        ArtifactEvent e => new ArtifactWire(e.Id, e.Kind, e.Name, e.MediaType, e.StepId),
        StepErrorEvent e => new StepErrorWire(e.StepId, e.Type, e.Message, e.Traceback),
        StepEndEvent e => new StepEndWire(e.StepId, e.Succeeded, e.DurationMs, e.ResultText),
        KernelRestartedEvent e => new MessageWire(e.Message),
        FinalEvent e => new FinalWire(e.Content),
        ErrorEvent e => new MessageWire(e.Message),
        DoneEvent e => new DoneWire(e.Status, new UsageWire(e.Usage.InputTokens, e.Usage.OutputTokens, e.Usage.Cost)),
        _ => throw new ArgumentException($"No wire form for {agentEvent.GetType().Name}.", nameof(agentEvent)),
    };

    /// <summary>The <c>data:</c> line of a stored event: its wire JSON, or the stored JSON of an event this version does not know.</summary>
    public static string Data(SequencedEvent stored) =>
        stored.ToEvent() is { } agentEvent ? JsonSerializer.Serialize(ToWire(agentEvent), _json) : stored.Data;
}
