using CodingAgent.Core.Ports;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Docker;
using CodingAgent.Sandbox.Process;
using CodingAgent.Sandbox.Profiling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox;

public static class SandboxExtensions
{
    /// <summary>
    /// The Python sandbox selected by <c>Sandbox:Provider</c> (<c>Process</c> = bubblewrap, or <c>Docker</c>), and the
    /// confined file profiler (<c>Profiling:*</c>; bubblewrap on both providers).
    /// </summary>
    public static IHostApplicationBuilder AddCodingAgentSandbox(this IHostApplicationBuilder builder)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The CodingAgent sandbox needs Linux (bubblewrap or Docker).");
        }
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IKernelLauncher>(sp =>
            sp.GetRequiredService<IOptions<SandboxOptions>>().Value.Provider == SandboxOptions.DockerProvider
                ? ActivatorUtilities.CreateInstance<DockerLauncher>(sp)
                : ActivatorUtilities.CreateInstance<BubblewrapLauncher>(sp));
        builder.Services.AddSingleton<SandboxPool>();
        builder.Services.AddSingleton<ISandboxPool>(sp => sp.GetRequiredService<SandboxPool>());
        builder.Services.AddSingleton<ISandboxHealth>(sp => sp.GetRequiredService<SandboxPool>());
        builder.Services.AddSingleton<IWorkspaceFiles>(sp => sp.GetRequiredService<SandboxPool>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SandboxPool>());
        builder.Services.AddOptions<ProfilingOptions>()
            .BindConfiguration(ProfilingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IFileProfiler, ConfinedFileProfiler>();
        builder.Services.AddHostedService<ProfilerWarmStart>();
        return builder;
    }
}
