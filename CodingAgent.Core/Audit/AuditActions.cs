namespace CodingAgent.Core.Audit;

/// <summary>The actions the audit log records (the <c>action</c> of <c>GET /api/audit</c>).</summary>
public static class AuditActions
{
    public const string Question = "question";
    public const string CodeExecution = "code_execution";
    public const string Upload = "upload";
    public const string Download = "download";
    public const string FileDeleted = "file_deleted";
    public const string SessionDeleted = "session_deleted";
    public const string Cleaning = "cleaning";
    public const string SignIn = "sign_in";

    /// <summary>A failed sign-in; its detail is the e-mail address as typed (never the password).</summary>
    public const string SignInFailed = "sign_in_failed";
    public const string SignOut = "sign_out";
    public const string TokenCreated = "token_created";
    public const string TokenRevoked = "token_revoked";
    public const string UserCreated = "user_created";
    public const string UserChanged = "user_changed";
    public const string UserDeleted = "user_deleted";
    public const string ShareAdded = "share_added";
    public const string ShareRemoved = "share_removed";
}
