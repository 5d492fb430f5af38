namespace CodingAgent.Web.Auth;

/// <summary>The body of <c>POST /api/tokens</c>.</summary>
public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays);
