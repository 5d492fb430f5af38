namespace CodingAgent.Web.Auth;

/// <summary>Who may use the app: the <c>Auth</c> settings (README, Settings).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const string None = "None";
    public const string Local = "Local";
    public const string Oidc = "Oidc";
    public const string Negotiate = "Negotiate";

    /// <summary>The modes the setting knows.</summary>
    public static readonly IReadOnlyList<string> Modes = [None, Local, Oidc, Negotiate];

    /// <summary><c>None</c> (the default: one local user, no sign-in), <c>Local</c>, <c>Oidc</c> or <c>Negotiate</c>.</summary>
    public string Mode { get; set; } = None;

    /// <summary>In mode None, lets the app listen on a network address (not only loopback), with a warning at every start.</summary>
    public bool AllowAnonymousNetwork { get; set; }

    public bool IsNone => string.Equals(Mode, None, StringComparison.OrdinalIgnoreCase);

    public bool IsLocal => string.Equals(Mode, Local, StringComparison.OrdinalIgnoreCase);

    public bool IsOidc => string.Equals(Mode, Oidc, StringComparison.OrdinalIgnoreCase);

    public bool IsNegotiate => string.Equals(Mode, Negotiate, StringComparison.OrdinalIgnoreCase);
}
