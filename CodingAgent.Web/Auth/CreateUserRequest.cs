namespace CodingAgent.Web.Auth;

/// <summary>The body of <c>POST /api/users</c>.</summary>
public sealed record CreateUserRequest(string? Email, string? Password, string? Role);
