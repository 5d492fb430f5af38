using System.Text.Json.Serialization;

namespace CodingAgent.Core.Runs;

/// <summary>Everything a run reports, in order. <see cref="EventName"/> is the SSE event name of the public API.</summary>
public abstract record AgentEvent
{
    [JsonIgnore]
    public abstract string EventName { get; }
}

public sealed record RunStartedEvent(Guid RunId, Guid MessageId) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "run";
}

public sealed record TextDeltaEvent(string Delta) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "text";
}

/// <summary>Visible reasoning the model streamed (OpenAI-compatible <c>reasoning_content</c>, Anthropic thinking blocks).</summary>
public sealed record ThinkingEvent(string Delta) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "thinking";
}

/// <summary>What the user should know while waiting: a rate limit and the retry delay, a retry after a provider error, a compaction.</summary>
public sealed record NoticeEvent(string Message) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "notice";
}

public sealed record CodeEvent(Guid StepId, string Code) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "code";
}

public sealed record StdoutEvent(Guid StepId, string Text) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "stdout";
}

public sealed record StderrEvent(Guid StepId, string Text) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "stderr";
}

public sealed record ArtifactEvent(Guid Id, string Kind, string Name, string MediaType, Guid StepId) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "artifact";
}

public sealed record StepErrorEvent(Guid StepId, string Type, string Message, string Traceback) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "step_error";
}

/// <summary>A step finished (successfully or not); lets clients close a step's output block.</summary>
public sealed record StepEndEvent(Guid StepId, bool Succeeded, double DurationMs, string? ResultText) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "step_end";
}

/// <summary>
/// The session's kernel was restarted (killed after a Stop or timeout it did not honour, crashed, or stopped while
/// idle), so variables from earlier executions are gone; files stay.
/// </summary>
public sealed record KernelRestartedEvent(string Message) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "kernel_restarted";
}

public sealed record FinalEvent(string Content) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "final";
}

public sealed record ErrorEvent(string Message) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "error";
}

/// <summary>Tokens the provider reported, summed over the run's model calls; <paramref name="Cost"/> by the model's price table (null without prices).</summary>
public sealed record UsageInfo(long InputTokens, long OutputTokens, decimal? Cost = null);

public sealed record DoneEvent(string Status, UsageInfo Usage) : AgentEvent
{
    [JsonIgnore]
    public override string EventName => "done";
}
