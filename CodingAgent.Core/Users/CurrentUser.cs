using CodingAgent.Core.Audit;

namespace CodingAgent.Core.Users;

/// <summary>
/// Who is acting: the owner of what they create and the user the audit log names. Passed explicitly into services,
/// since runs go on in the background after the request that started them has ended.
/// </summary>
/// <param name="Id">The stable user id (the owner column of sessions and dashboards).</param>
/// <param name="Name">What people see: the e-mail address, or <see cref="AuditUsers.Local"/>.</param>
/// <param name="Role">One of <see cref="UserRoles"/>.</param>
public sealed record CurrentUser(string Id, string Name, string Role)
{
    /// <summary>The one user of <c>Auth:Mode</c> None: the person at this machine, who may do everything.</summary>
    public static readonly CurrentUser Local = new(AuditUsers.Local, AuditUsers.Local, UserRoles.Admin);

    public bool IsAdmin => Role == UserRoles.Admin;

    /// <summary>Admins and analysts run code; viewers never reach a kernel.</summary>
    public bool CanRunCode => Role is UserRoles.Admin or UserRoles.Analyst;
}
