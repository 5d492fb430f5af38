using System.Text;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// The profiler process: <c>CodingAgent.Profiler INPUT FILE-NAME [--memory-mb N] [--threads N] [--scratch DIR]</c> reads
/// INPUT (named FILE-NAME in the workspace) and writes JSON lines to stdout: <c>{"progress":0.5}</c> as it goes, then
/// one <c>{"profile":{…}}</c>. Exit code 0 whenever a profile line was written, whatever the file held.
/// </summary>
internal static class ProfilerWorker
{
    public static async Task<int> RunAsync(string[] args, Stream output, CancellationToken cancellationToken)
    {
        var arguments = ProfilerArguments.Parse(args);
        if (arguments is null)
        {
            await Console.Error.WriteLineAsync(ProfilerArguments.Usage);
            return 2;
        }
        await using var writer = new StreamWriter(output, new UTF8Encoding(false));
        var progress = new ProgressWriter(writer, TimeProvider.System);
        FileProfile profile;
        try
        {
            profile = await new FileProfiler(arguments.Settings).ProfileAsync(arguments.Input, arguments.FileName, progress, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            profile = FileProfile.Failed("The profiler could not read the file: " + e.Message);
        }
        progress.WriteFinal(JsonSerializer.Serialize(new { profile }, JsonSerializerOptions.Web));
        return 0;
    }
}
