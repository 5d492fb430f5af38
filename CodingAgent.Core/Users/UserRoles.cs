namespace CodingAgent.Core.Users;

/// <summary>What a user may do: <see cref="Admin"/> everything, <see cref="Analyst"/> their own work (runs code), <see cref="Viewer"/> reads what is shared with them and runs nothing.</summary>
public static class UserRoles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Analyst, Viewer];

    /// <summary>The role as spelled here for a known role in any case, else null.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
