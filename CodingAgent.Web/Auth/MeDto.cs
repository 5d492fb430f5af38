namespace CodingAgent.Web.Auth;

/// <summary><c>GET /api/auth/me</c>: who the request is, and the app's <c>Auth:Mode</c>.</summary>
public sealed record MeDto(string Id, string Email, string Role, string Mode);
