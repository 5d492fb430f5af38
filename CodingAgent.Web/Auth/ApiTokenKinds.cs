namespace CodingAgent.Web.Auth;

/// <summary>The kinds of bearer token (<see cref="Data.ApiTokenRow"/>).</summary>
public static class ApiTokenKinds
{
    /// <summary>Made by <c>POST /api/auth/login</c>.</summary>
    public const string SignIn = "signin";

    /// <summary>A personal access token for scripts (<c>POST /api/tokens</c>).</summary>
    public const string Personal = "personal";

    public const int MaxNameLength = 100;

    /// <summary>What every token starts with, so that a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Prefix = "ca_";
}
