using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Profiling;

/// <summary>The profiler exe as a process: its command line and its stdout protocol of progress lines then one profile line.</summary>
public sealed class ProfilerProcessTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CodingAgent.Profiler.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        _ = await error;
        return (process.ExitCode, (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_exe_writes_progress_lines_then_one_profile_line_and_exits_0()
    {
        var text = new StringBuilder("id,amount,city\n");
        for (var i = 0; i < 200_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{i % 997 * 1.25},{(i % 3 == 0 ? "Lyon" : "Nice")}\n");
        }
        var path = _fixture.Write("upload-1", text.ToString());

        var (exitCode, lines) = await RunAsync(path, "Big Sales.csv", "--memory-mb", "512", "--threads", "2", "--scratch", _fixture.Scratch);

        Assert.Equal(0, exitCode);
        var progress = lines.SkipLast(1).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("progress").GetDouble()).ToList();
        Assert.All(progress, p => Assert.InRange(p, 0, 1));
        Assert.Equal(progress.Order(), progress);
        using var last = JsonDocument.Parse(lines[^1]);
        var profile = last.RootElement.GetProperty("profile").Deserialize<FileProfile>(JsonSerializerOptions.Web)!;
        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal("big_sales", profile.Tables.Single().Name);
        Assert.Equal(200_000, profile.Tables.Single().Rows);
        Assert.Equal([new TopValue("Nice", 133_333), new TopValue("Lyon", 66_667)], profile.Tables.Single().Columns.Single(c => c.Name == "city").Top);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
    }

    [Theory]
    [InlineData("sales.csv", "ready")]
    [InlineData("../sales.csv", "failed")]
    [InlineData("", "failed")]
    public async Task A_worker_started_ahead_warms_up_says_ready_then_profiles_the_one_file_named_on_stdin(string name, string status)
    {
        var folder = Path.GetDirectoryName(_fixture.Write("sales.csv", "city,amount\nOslo,12\nLima,7\n"))!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "CodingAgent.Profiler.dll"), "--await", folder, "--memory-mb", "512", "--scratch", _fixture.Scratch])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
        await process.StandardInput.WriteLineAsync(name);
        process.StandardInput.Close();
        var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        _ = await error;

        Assert.Equal("{\"ready\":true}", ready);
        Assert.Equal(0, process.ExitCode);
        using var last = JsonDocument.Parse(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var profile = last.RootElement.GetProperty("profile").Deserialize<FileProfile>(JsonSerializerOptions.Web)!;
        Assert.Equal(status, profile.Status);
        Assert.Equal(status == ProfileStatuses.Ready ? 2 : null, profile.Tables.SingleOrDefault()?.Rows);
        // the warm-up's own file is gone with the scratch folder's
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("0xC000000", true)]
    public async Task A_worker_started_ahead_asks_for_no_collection_during_the_profile_and_collects_past_it(string? heapLimit, bool collects)
    {
        // the waiting worker asks for no collection over its profile's first 256 MB (a third of the heap's limit, when
        // lower: 64 MB under 192 MB); this profile allocates well over 64 MB (150,000 rows came too close to it, and
        // 300,000 and 500,000 once the profile allocated less) and under 256 MB, and collected before it asked
        var rows = 1_000_000;
        var folder = Path.GetDirectoryName(_fixture.Write("long.csv", "id,amount,city,note\n" + string.Concat(Enumerable.Range(1, rows).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i},{i % 977 * 1.25},c{i % 13},note {i % 4999} of {i}\n")))))!;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "CodingAgent.Profiler.dll"), "--await", folder, "--memory-mb", "256", "--scratch", _fixture.Scratch])
        {
            start.ArgumentList.Add(argument);
        }
        if (heapLimit is not null)
        {
            start.Environment["DOTNET_GCHeapHardLimit"] = heapLimit;
        }
        start.Environment["CODINGAGENT_PROFILER_TRACE"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        Assert.Equal("{\"ready\":true}", await process.StandardOutput.ReadLineAsync(timeout.Token));
        await process.StandardInput.WriteLineAsync("long.csv");
        process.StandardInput.Close();
        var rest = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        var trace = await error;
        Assert.True(process.ExitCode == 0, trace);
        using var last = JsonDocument.Parse(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var profile = last.RootElement.GetProperty("profile").Deserialize<FileProfile>(JsonSerializerOptions.Web)!;
        Assert.True(profile.Status == ProfileStatuses.Ready, profile.Error);
        Assert.Equal(rows, profile.Tables.Single().Rows);
        var collections = trace.Split('\n').Single(l => l.StartsWith("collections: ", StringComparison.Ordinal));
        Assert.Equal(collects, int.Parse(collections["collections: ".Length..], System.Globalization.CultureInfo.InvariantCulture) > 0);
        // what the warm-up did not reach is compiled while the worker waits, not on the file's time
        Assert.InRange(Traced(trace, "compiled ahead: "), 100, int.MaxValue);
        Assert.InRange(Traced(trace, "compiled during the profile: "), 0, 30);
    }

    [Fact]
    public async Task A_file_the_heap_cannot_hold_in_memory_beside_its_columns_is_profiled_by_DuckDB()
    {
        // 40 MB, which may be read into memory under 256 MB, and a .NET heap of 64 MB: the file's bytes fit, its
        // columns beside them do not; DuckDB, which spills, profiles it (the read ran out of memory outside the
        // statistics and failed the profile before). (Heaps of 80 MB run out anywhere, the runtime itself included.)
        const string heapLimit = "0x4000000";
        var rows = 1_100_000;
        var path = _fixture.Write("big.csv", "id,amount,city,note\n" + string.Concat(Enumerable.Range(1, rows).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i},{i % 977 * 1.25},c{i % 13},note {i % 4999} of {i}\n"))));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "CodingAgent.Profiler.dll"), path, "big.csv", "--memory-mb", "256", "--scratch", _fixture.Scratch])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_GCHeapHardLimit"] = heapLimit;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await error);
        using var last = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var profile = last.RootElement.GetProperty("profile").Deserialize<FileProfile>(JsonSerializerOptions.Web)!;
        Assert.True(profile.Status == ProfileStatuses.Ready, profile.Error);
        Assert.Equal(rows, profile.Tables.Single().Rows);
        Assert.Equal(4, profile.Tables.Single().Columns.Count);
    }

    [Fact]
    public async Task A_worker_started_ahead_whose_stdin_closes_without_a_name_exits_without_a_profile()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "CodingAgent.Profiler.dll"), "--await", _fixture.Scratch, "--scratch", _fixture.Scratch])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        _ = await error;

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(["{\"ready\":true}"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // the database it opened for the file that never came is gone with its folder
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_still_gets_a_failed_profile_line_and_exit_code_0()
    {
        var path = _fixture.Write("upload-2", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 });

        var (exitCode, lines) = await RunAsync(path, "broken.xlsx", "--scratch", _fixture.Scratch);

        Assert.Equal(0, exitCode);
        using var last = JsonDocument.Parse(Assert.Single(lines));
        var profile = last.RootElement.GetProperty("profile");
        Assert.Equal("failed", profile.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(profile.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Wrong_arguments_print_the_usage_and_exit_2()
    {
        var (exitCode, lines) = await RunAsync("only-one-argument");

        Assert.Equal(2, exitCode);
        Assert.Empty(lines);
    }

    /// <summary>The number a trace line starting with <paramref name="prefix"/> gives (one such line).</summary>
    private static int Traced(string trace, string prefix) =>
        int.Parse(trace.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
}
