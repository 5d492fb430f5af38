using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>
/// The command line: <c>INPUT FILE-NAME [--memory-mb N] [--threads N] [--scratch DIR]</c>, or, for a worker started
/// ahead of its file, <c>--await DIR [options]</c> (no INPUT, no FILE-NAME: the name of the file in DIR comes on stdin).
/// </summary>
/// <param name="AwaitFolder">The folder the file will be placed in, when the worker waits for its name on stdin.</param>
internal sealed record ProfilerArguments(string Input, string FileName, ProfilerSettings Settings, string? AwaitFolder = null)
{
    public const string Usage = "usage: CodingAgent.Profiler INPUT FILE-NAME [--memory-mb N] [--threads N] [--scratch DIR]\n       CodingAgent.Profiler --await DIR [--memory-mb N] [--threads N] [--scratch DIR]   (reads FILE-NAME, in DIR, from stdin)";

    /// <returns>The arguments, or null when they do not follow <see cref="Usage"/>.</returns>
    public static ProfilerArguments? Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var settings = ProfilerSettings.Default;
        string? awaitFolder = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }
            if (i + 1 >= args.Count)
            {
                return null;
            }
            var value = args[++i];
            switch (arg)
            {
                case "--memory-mb" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mb) && mb >= 64:
                    settings = settings with { MemoryMb = mb };
                    break;
                case "--threads" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads >= 1:
                    settings = settings with { Threads = threads };
                    break;
                case "--scratch" when value.Length > 0:
                    settings = settings with { ScratchDirectory = value };
                    break;
                case "--await" when value.Length > 0:
                    awaitFolder = value;
                    break;
                default:
                    return null;
            }
        }
        return awaitFolder is not null
            ? positional.Count == 0 ? new ProfilerArguments("", "", settings, awaitFolder) : null
            : positional.Count == 2 ? new ProfilerArguments(positional[0], positional[1], settings) : null;
    }

    /// <summary>
    /// The file a waiting worker was told to profile: <paramref name="name"/> (one line from stdin) in
    /// <see cref="AwaitFolder"/>; null when the name is not one plain file name (empty, a folder, a path).
    /// </summary>
    public ProfilerArguments? WithFile(string name) =>
        AwaitFolder is null || name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
            ? null
            : this with { Input = Path.Combine(AwaitFolder, name), FileName = name };
}
