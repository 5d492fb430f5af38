namespace CodingAgent.Core.Domain;

/// <summary>A conversation with its own workspace and kernel.</summary>
public sealed class Session
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class MessageRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
}

public static class RunStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>One user question or one assistant answer (a run).</summary>
public sealed class ConversationMessage
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public string Role { get; set; } = MessageRoles.User;
    public string Content { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The run that produced an assistant message.</summary>
    public Guid? RunId { get; set; }
    public string? Status { get; set; }
    public string? Error { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public List<ExecutionStep> Steps { get; set; } = [];
}

/// <summary>One execution of code in the sandbox during a run.</summary>
public sealed class ExecutionStep
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public int Index { get; set; }
    public string Code { get; set; } = "";
    public string Stdout { get; set; } = "";
    public string Stderr { get; set; } = "";
    public string? ResultText { get; set; }
    public bool Succeeded { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    public string? Traceback { get; set; }
    public double DurationMs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class ArtifactKinds
{
    public const string Table = "table";
    public const string Chart = "chart";
    public const string Image = "image";
    public const string File = "file";

    public static bool IsKnown(string kind) => kind is Table or Chart or Image or File;
}

/// <summary>A rich output of an execution; its content lives in the blob store.</summary>
public sealed class Artifact
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid? RunId { get; set; }
    public Guid? StepId { get; set; }
    public string Kind { get; set; } = ArtifactKinds.File;
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A file the analyst uploaded into a session's workspace.</summary>
public sealed class WorkspaceFile
{
    public Guid SessionId { get; set; }
    public string Name { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The upload this file was derived from (a Parquet file's CSV copy), or null for an upload.</summary>
    public string? DerivedFrom { get; set; }
}
