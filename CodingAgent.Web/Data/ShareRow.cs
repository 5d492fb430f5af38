namespace CodingAgent.Web.Data;

/// <summary>A session or dashboard shared read-only with one user by its owner.</summary>
public sealed class ShareRow
{
    /// <summary><c>session</c> or <c>dashboard</c>.</summary>
    public string ResourceKind { get; set; } = "";
    public Guid ResourceId { get; set; }

    /// <summary>The user it is shared with.</summary>
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
