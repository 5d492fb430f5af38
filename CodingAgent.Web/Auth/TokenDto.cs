namespace CodingAgent.Web.Auth;

/// <summary>One of the caller's personal access tokens, without the token itself.</summary>
public sealed record TokenDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);
