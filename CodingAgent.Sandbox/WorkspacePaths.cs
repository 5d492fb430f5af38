using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CodingAgent.Core.Domain;
using Microsoft.Win32.SafeHandles;

namespace CodingAgent.Sandbox;

/// <summary>
/// Reading files that hostile code wrote: never through a symlink, never outside the workspace, even if
/// the code swaps a path for a link between the check and the read (the opened descriptor is checked).
/// </summary>
internal static partial class WorkspacePaths
{
    private const int ORdOnly = 0;
    private const int ONoFollow = 0x20000;
    private const int OCloExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    /// <summary>The full path of a regular file inside the workspace, or null when the path leaves it or is a link.</summary>
    public static string? ResolveRegularFile(string workspace, string relative)
    {
        if (string.IsNullOrWhiteSpace(relative) || Path.IsPathRooted(relative) || relative.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }
        var root = Path.GetFullPath(workspace).TrimEnd('/') + "/";
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }
        var current = root.TrimEnd('/');
        foreach (var part in full[root.Length..].Split('/'))
        {
            current = current + "/" + part;
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                return null;
            }
        }
        return File.Exists(full) ? full : null;
    }

    /// <summary>Opens a file for reading without following a final symlink, then checks where the descriptor really points.</summary>
    public static FileStream OpenNoFollow(string path)
    {
        var fd = Open(path, ORdOnly | ONoFollow | OCloExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {Path.GetFileName(path)} (errno {Marshal.GetLastPInvokeError()})");
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var real = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
            if (real is null || real != path)
            {
                throw new IOException($"{Path.GetFileName(path)} changed while it was being read");
            }
            return new FileStream(handle, FileAccess.Read);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}

internal static partial class ArtifactNames
{
    [GeneratedRegex(@"[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex Dots();

    [GeneratedRegex(@"^[a-z]+/[a-z0-9.+-]+$")]
    private static partial Regex MediaType();

    public static string Sanitize(string? name, string kind)
    {
        var cleaned = Dots().Replace(Unsafe().Replace(Path.GetFileName(name ?? ""), "-"), ".").Trim('.', '-');
        if (cleaned.Length > 100)
        {
            cleaned = cleaned[^100..];
        }
        return cleaned.Length > 0 ? cleaned : kind switch
        {
            ArtifactKinds.Chart => "chart.json",
            ArtifactKinds.Table => "table.json",
            ArtifactKinds.Image => "figure.png",
            _ => "file",
        };
    }

    public static string SanitizeMediaType(string? mediaType, string kind) => kind switch
    {
        ArtifactKinds.Chart => "application/vnd.plotly.v1+json",
        ArtifactKinds.Table => "application/vnd.codingagent.table+json",
        ArtifactKinds.Image => "image/png",
        _ => mediaType is not null && MediaType().IsMatch(mediaType) ? mediaType : "application/octet-stream",
    };
}
