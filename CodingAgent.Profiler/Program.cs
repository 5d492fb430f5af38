namespace CodingAgent.Profiler;

/// <summary>The entry point of the profiler process (see <see cref="ProfilerWorker"/>).</summary>
internal static class ProfilerProgram
{
    public static Task<int> Main(string[] args) => ProfilerWorker.RunAsync(args, Console.OpenStandardOutput(), Console.In, CancellationToken.None);
}
