namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>A user of the test OpenID Connect provider: what it signs in with and what its id token says.</summary>
public sealed record TestOidcUser(string UserName, string Password, string Subject, string Email, IReadOnlyList<string> Roles);
