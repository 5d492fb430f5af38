namespace CodingAgent.Core.Domain;

/// <summary>One execution of code in the sandbox during a run.</summary>
public sealed class ExecutionStep
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public int Index { get; set; }
    public string Code { get; set; } = "";
    public string Stdout { get; set; } = "";
    public string Stderr { get; set; } = "";
    public string? ResultText { get; set; }
    public bool Succeeded { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    public string? Traceback { get; set; }
    public double DurationMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Tokens of the model calls that led to this step (since the previous step), as the provider reported them.</summary>
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
}
