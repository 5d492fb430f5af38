namespace CodingAgent.Web.Auth;

/// <summary>A sign-in's bearer token (kind <see cref="ApiTokenKinds.SignIn"/>), shown this once.</summary>
public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt);
