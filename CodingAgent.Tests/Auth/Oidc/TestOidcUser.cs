namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>A user of the test OpenID Connect provider: what it signs in with and what its id token says (no <c>email</c> claim when <paramref name="Email"/> is null).</summary>
public sealed record TestOidcUser(string UserName, string Password, string Subject, string? Email, IReadOnlyList<string> Roles);
