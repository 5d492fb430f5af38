using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// The profiler process: <c>CodingAgent.Profiler INPUT FILE-NAME</c> reads INPUT (named FILE-NAME in the workspace)
/// and writes JSON lines to stdout: <c>{"progress":0.5}</c> as it goes, then one <c>{"profile":{…}}</c>.
/// </summary>
internal static class ProfilerWorker
{
    public static async Task<int> RunAsync(string[] args, Stream output, CancellationToken cancellationToken)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: CodingAgent.Profiler INPUT FILE-NAME");
            return 2;
        }
        await using var writer = new StreamWriter(output) { AutoFlush = true };
        var profile = FileProfile.Failed("not implemented yet");
        await writer.WriteLineAsync(JsonSerializer.Serialize(new { profile }, JsonSerializerOptions.Web));
        return 0;
    }
}
