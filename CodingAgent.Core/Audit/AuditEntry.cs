namespace CodingAgent.Core.Audit;

/// <summary>One thing a user did, as the audit log keeps it.</summary>
/// <param name="Detail">What else there is to say (a file name, a question's length), at most <see cref="MaxDetailLength"/> characters.</param>
/// <param name="CodeSha256">The SHA-256 of the code run (lower-case hex), for a code execution.</param>
public sealed record AuditEntry(Guid Id, DateTimeOffset At, string User, string Action, Guid? SessionId, string Detail, string? CodeSha256)
{
    public const int MaxUserLength = 200;
    public const int MaxActionLength = 32;
    public const int MaxDetailLength = 1000;

    /// <summary>A new entry with its detail cut to <see cref="MaxDetailLength"/> (a file name is chosen by the user).</summary>
    public static AuditEntry Create(DateTimeOffset at, string user, string action, Guid? sessionId, string detail, string? codeSha256 = null) =>
        new(Guid.NewGuid(), at, Bounded(user, MaxUserLength), action, sessionId, Bounded(detail, MaxDetailLength), codeSha256);

    private static string Bounded(string text, int max) => text.Length > max ? text[..max] : text;
}
