using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Profiling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>The sandbox's registration brings the confined profiler, with Profiling:* bound and validated.</summary>
public sealed class ProfilingRegistrationTests : ProfilerTests
{
    private ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:WorkspaceRoot"] = Harness.Sandbox.WorkspaceRoot,
            ["Sandbox:RuntimeDirectory"] = Harness.Sandbox.RuntimeDirectory,
            ["Sandbox:InstanceName"] = Harness.Sandbox.InstanceName,
        }.Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))));
        builder.AddCodingAgentSandbox();
        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task The_file_profiler_is_the_confined_one_with_its_settings_from_configuration()
    {
        await using var services = Build(("Profiling:TimeoutSeconds", "7"), ("Profiling:MaxConcurrent", "3"));

        Assert.IsType<ConfinedFileProfiler>(services.GetRequiredService<IFileProfiler>());
        Assert.Single(services.GetServices<IHostedService>().OfType<ProfilerWarmStart>());
        Assert.True(services.GetRequiredService<IOptions<ProfilingOptions>>().Value.WarmWorkerAtStart);
        var options = services.GetRequiredService<IOptions<ProfilingOptions>>().Value;
        Assert.Equal(7, options.TimeoutSeconds);
        Assert.Equal(3, options.MaxConcurrent);
        Assert.Equal(1536, options.MemoryLimitMb);
    }

    [Theory]
    [InlineData("Profiling:Threads", "0")]
    [InlineData("Profiling:MemoryLimitMb", "16")]
    [InlineData("Profiling:MaxOutputBytes", "10")]
    public async Task Settings_out_of_range_are_refused(string key, string value)
    {
        await using var services = Build((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProfilingOptions>>().Value);
        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }
}
