using CodingAgent.Core.Users;

namespace CodingAgent.Web.Auth;

/// <summary><c>Auth:Mode</c> Negotiate (Windows / Kerberos): which principals get which role (README, Settings).</summary>
public sealed class NegotiateAuthOptions
{
    public const string SectionName = "Auth:Negotiate";

    /// <summary>Principals (as the remote identity names them, e.g. <c>alice@CORP.EXAMPLE</c> or <c>CORP\alice</c>; any case) who are administrators.</summary>
    public List<string> AdminUsers { get; set; } = [];

    /// <summary>Principals who are analysts (run code).</summary>
    public List<string> AnalystUsers { get; set; } = [];

    /// <summary>The role of every other principal that signs in (<c>viewer</c> unless set).</summary>
    public string DefaultRole { get; set; } = UserRoles.Viewer;

    public string RoleOf(string principal) =>
        AdminUsers.Contains(principal, StringComparer.OrdinalIgnoreCase) ? UserRoles.Admin
        : AnalystUsers.Contains(principal, StringComparer.OrdinalIgnoreCase) ? UserRoles.Analyst
        : UserRoles.Normalize(DefaultRole) ?? UserRoles.Viewer;
}
