namespace CodingAgent.Core.Domain;

/// <summary>A conversation with its own workspace and kernel.</summary>
public sealed class Session
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The model the session's questions go to, <c>provider/model</c> (<see cref="Agent.ModelChoice.Id"/>); null: the default model.</summary>
    public string? Model { get; set; }

    /// <summary>The <see cref="Users.CurrentUser.Id"/> of the user the session belongs to (<see cref="Audit.AuditUsers.Local"/> in mode None and for sessions made before sign-in existed).</summary>
    public string OwnerId { get; set; } = Audit.AuditUsers.Local;
}
