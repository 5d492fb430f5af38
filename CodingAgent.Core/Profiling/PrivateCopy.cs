namespace CodingAgent.Core.Profiling;

/// <summary>
/// Copies of stored files for the profiler, each in a new folder of its own that only the app's user can enter
/// (made with a random name by <c>mkdtemp</c>, so nobody can place it, or a link, there beforehand; never a workspace).
/// </summary>
internal static class PrivateCopy
{
    public static async Task<string> WriteAsync(Stream content, string extension, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("codingagent-profiling-").FullName;
        var suffix = new string([.. extension.Where(char.IsAsciiLetterOrDigit).Take(16)]);
        var path = Path.Combine(folder, "input" + (suffix.Length > 0 ? "." + suffix : ""));
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            await content.CopyToAsync(file, cancellationToken);
            return path;
        }
        catch
        {
            Delete(path);
            throw;
        }
    }

    /// <summary>Deletes a copy made by <see cref="WriteAsync"/> with its folder.</summary>
    public static void Delete(string path) => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
}
