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
    public const string SignInFailed = "sign_in_failed";
}
