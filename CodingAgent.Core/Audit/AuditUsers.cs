namespace CodingAgent.Core.Audit;

/// <summary>Who the audit log names.</summary>
public static class AuditUsers
{
    /// <summary>The one user of <c>Auth:Mode</c> None (no sign-in): the person at this machine.</summary>
    public const string Local = "local";

    /// <summary>Someone not signed in (a failed sign-in: the address typed is in the entry's detail).</summary>
    public const string Anonymous = "anonymous";
}
