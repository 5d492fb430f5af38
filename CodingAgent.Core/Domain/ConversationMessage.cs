namespace CodingAgent.Core.Domain;

/// <summary>One user question or one assistant answer (a run).</summary>
public sealed class ConversationMessage
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public string Role { get; set; } = MessageRoles.User;
    public string Content { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The run that produced an assistant message.</summary>
    public Guid? RunId { get; set; }
    public string? Status { get; set; }
    public string? Error { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    /// <summary>The model that wrote an assistant message (<c>provider/model</c>).</summary>
    public string? Model { get; set; }
    /// <summary>The cost of its tokens by the configured price table of that model; null without prices.</summary>
    public decimal? Cost { get; set; }
    public List<ExecutionStep> Steps { get; set; } = [];
}
