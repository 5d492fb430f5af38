using System.Text;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Tests.Sandbox;
using CodingAgent.Tests.Sandbox.Profiling;
using DockerProfilerLauncher = CodingAgent.Sandbox.Profiling.DockerProfilerLauncher;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// The whole app as the compose file runs it (<c>Sandbox:Provider=Docker</c>, <c>Profiling:DockerImage</c>), through the
/// API: an upload is profiled in a container of the profiler image, configured from settings alone, and no container is left.
/// </summary>
public sealed class DockerProfilingThroughApiTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-docker-profiling-" + Guid.NewGuid().ToString("N"));
    private readonly string _instance = "e2e-" + Guid.NewGuid().ToString("N")[..8];
    private ScriptedOpenAiServer _model = null!;
    private CodingAgentFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _model = await ScriptedOpenAiServer.StartAsync();
        _factory = new CodingAgentFactory(_data, _model.BaseUrl, new Dictionary<string, string?>
        {
            ["Sandbox:Provider"] = "Docker",
            ["Sandbox:DockerImage"] = SandboxImage.Tag.Value,
            ["Sandbox:InstanceName"] = _instance,
            ["Profiling:DockerImage"] = ProfilerTestImage.Tag.Value,
        });
    }

    [Fact]
    public async Task An_upload_is_profiled_by_the_worker_in_a_container_of_the_profiler_image()
    {
        var since = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 1;
        var client = _factory.CreateClient();
        var session = await client.CreateSessionAsync();
        (await client.UploadAsync(session, "sales.csv", Encoding.UTF8.GetBytes("city,amount\nOslo,12\nLima,7\n"))).EnsureSuccessStatusCode();

        var profile = await client.WaitForProfileAsync(session, "sales.csv");

        // the worker's own answer, not "Profiling is unavailable" nor a failure to start
        Assert.Equal("ready", profile.GetProperty("status").GetString());
        var table = Assert.Single(profile.GetProperty("tables").EnumerateArray());
        Assert.Equal(2, table.GetProperty("rows").GetInt64());
        Assert.Equal("integer", table.Column("amount").GetProperty("type").GetString());
        // in a container of the instance (bubblewrap, which is here too, would give the same answer), since removed
        Assert.Equal(["create", "start", "die", "destroy"], await ContainerEventsAsync(since));
        Assert.Empty(await DockerCli.ContainersAsync(_instance, DockerProfilerLauncher.Label));
    }

    /// <summary>The create, start, die and destroy events of the instance's profiler containers since <paramref name="since"/>, in order.</summary>
    private async Task<List<string>> ContainerEventsAsync(long since)
    {
        var until = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 1;
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "events", "--since", since.ToString(System.Globalization.CultureInfo.InvariantCulture), "--until", until.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--filter", "type=container", "--filter", $"label={DockerProfilerLauncher.Label}={_instance}", "--format", "{{.Action}}" })
        {
            start.ArgumentList.Add(argument);
        }
        using var docker = System.Diagnostics.Process.Start(start)!;
        var output = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(a => a is "create" or "start" or "die" or "destroy")];
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _model.DisposeAsync();
        await AppData.DeleteAsync(_data);
    }
}
