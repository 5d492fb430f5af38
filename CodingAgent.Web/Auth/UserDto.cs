namespace CodingAgent.Web.Auth;

/// <summary>An account of <c>Auth:Mode</c> Local; <see cref="Locked"/> while a lockout lasts.</summary>
public sealed record UserDto(string Id, string Email, string Role, DateTimeOffset CreatedAt, bool Locked);
