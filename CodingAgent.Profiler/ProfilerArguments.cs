using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>The command line: <c>INPUT FILE-NAME [--memory-mb N] [--threads N] [--scratch DIR]</c>.</summary>
internal sealed record ProfilerArguments(string Input, string FileName, ProfilerSettings Settings)
{
    public const string Usage = "usage: CodingAgent.Profiler INPUT FILE-NAME [--memory-mb N] [--threads N] [--scratch DIR]";

    /// <returns>The arguments, or null when they do not follow <see cref="Usage"/>.</returns>
    public static ProfilerArguments? Parse(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var settings = ProfilerSettings.Default;
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
                default:
                    return null;
            }
        }
        return positional.Count == 2 ? new ProfilerArguments(positional[0], positional[1], settings) : null;
    }
}
