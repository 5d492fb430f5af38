namespace CodingAgent.Web.Auth;

/// <summary>The body of <c>PATCH /api/users/{id}</c>: what to change (an absent field stays as it is).</summary>
public sealed record UpdateUserRequest(string? Role, bool? Locked);
