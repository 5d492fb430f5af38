namespace CodingAgent.Web.Auth;

/// <summary>The rules of <c>Auth:Mode</c> Local's accounts: the <c>Auth:Local</c> settings (README, Settings).</summary>
public sealed class LocalAuthOptions
{
    public const string SectionName = "Auth:Local";

    /// <summary>The shortest password Identity accepts (length, not composition, makes a password strong).</summary>
    public int MinPasswordLength { get; set; } = 12;

    /// <summary>Failed sign-ins in a row that lock the account for <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a sign-in (its token and the page's cookie) lasts.</summary>
    public int SignInHours { get; set; } = 12;
}
