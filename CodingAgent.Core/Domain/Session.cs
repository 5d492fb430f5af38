namespace CodingAgent.Core.Domain;

/// <summary>A conversation with its own workspace and kernel.</summary>
public sealed class Session
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
