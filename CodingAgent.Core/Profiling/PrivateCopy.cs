namespace CodingAgent.Core.Profiling;

/// <summary>Copies of stored files for the profiler, in a folder only the app's user can enter (never a workspace).</summary>
internal static class PrivateCopy
{
    private static readonly string _folder = Path.Combine(Path.GetTempPath(), "codingagent-profiling");

    public static async Task<string> WriteAsync(Stream content, string extension, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var suffix = new string([.. extension.Where(char.IsAsciiLetterOrDigit).Take(16)]);
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + (suffix.Length > 0 ? "." + suffix : ""));
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            await content.CopyToAsync(file, cancellationToken);
            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
