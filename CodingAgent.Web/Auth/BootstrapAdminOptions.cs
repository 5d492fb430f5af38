namespace CodingAgent.Web.Auth;

/// <summary>
/// The first administrator of <c>Auth:Mode</c> Local (the <c>Auth:BootstrapAdmin</c> settings): made on start when no
/// administrator exists. The password is never logged; change it (or remove the setting) once the account exists.
/// </summary>
public sealed class BootstrapAdminOptions
{
    public const string SectionName = "Auth:BootstrapAdmin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Email) && !string.IsNullOrEmpty(Password);
}
