using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>A temporary folder for one test's fixture files and the profiler's scratch space; deleted on dispose.</summary>
public sealed class ProfilerFixture : IDisposable
{
    public ProfilerFixture()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Scratch);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codingagent-profiler-tests-" + Guid.NewGuid().ToString("N"));

    public string Scratch => Path.Combine(Root, "scratch");

    public string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Profiles the file in this process, as the profiler exe does (one thread, 512 MB).</summary>
    public async Task<FileProfile> ProfileAsync(string path, string? fileName = null)
    {
        var profile = await new FileProfiler(new ProfilerSettings(512, 1, Scratch)).ProfileAsync(path, fileName ?? Path.GetFileName(path), null, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
        return profile;
    }

    /// <summary>
    /// The profile as JSON but for the means and deviations, which sums in another order (a pass over groups, rows
    /// loaded in another order) may change in their last digits: for comparing two ways to the same profile.
    /// </summary>
    public static string JsonWithoutSums(FileProfile profile) => System.Text.Json.JsonSerializer.Serialize(
        profile with { Tables = [.. profile.Tables.Select(t => t with { Columns = [.. t.Columns.Select(c => c with { Mean = null, Std = null })] })] },
        System.Text.Json.JsonSerializerOptions.Web);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
