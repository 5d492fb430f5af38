namespace CodingAgent.Web.Data;

/// <summary>
/// A bearer token: one from a sign-in (<see cref="Auth.ApiTokenKinds.SignIn"/>) or a personal access token for scripts
/// (<see cref="Auth.ApiTokenKinds.Personal"/>). Only the SHA-256 of the token is stored; the token is shown once.
/// </summary>
public sealed class ApiTokenRow
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
