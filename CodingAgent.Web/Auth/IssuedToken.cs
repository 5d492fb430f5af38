namespace CodingAgent.Web.Auth;

/// <summary>A token just made: <see cref="Token"/> is shown this once and never stored.</summary>
public sealed record IssuedToken(Guid Id, string Token, DateTimeOffset ExpiresAt);
