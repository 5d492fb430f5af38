namespace CodingAgent.Web.Auth;

/// <summary>A personal access token just made: <see cref="Token"/> is shown this once and only its hash is kept.</summary>
public sealed record CreatedTokenDto(Guid Id, string Token, string Name, DateTimeOffset ExpiresAt);
