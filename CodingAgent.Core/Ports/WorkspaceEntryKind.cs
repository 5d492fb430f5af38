namespace CodingAgent.Core.Ports;

public enum WorkspaceEntryKind
{
    /// <summary>A regular file.</summary>
    File,
    Directory,
    /// <summary>A symbolic link (never followed).</summary>
    Link,
    /// <summary>A FIFO, socket or device.</summary>
    Other,
}
