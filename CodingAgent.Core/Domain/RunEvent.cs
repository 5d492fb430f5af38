namespace CodingAgent.Core.Domain;

/// <summary>
/// One event of a run as it was published, persisted as it happens so that a client on any instance can replay the
/// run (and resume after the last event it saw, <c>Last-Event-ID</c>) even when the instance that ran it died.
/// </summary>
public sealed class RunEvent
{
    public Guid RunId { get; set; }

    /// <summary>1, 2, 3 … within the run; the SSE <c>id</c>.</summary>
    public long Sequence { get; set; }

    public Guid SessionId { get; set; }

    /// <summary>The SSE event name (<c>text</c>, <c>code</c>, <c>done</c> …).</summary>
    public string Name { get; set; } = "";

    /// <summary>The event's JSON, exactly as sent as SSE <c>data</c>.</summary>
    public string Data { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
