using CodingAgent.Core.Ports;
using CodingAgent.Sandbox.Docker;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox;

public static class SandboxExtensions
{
    /// <summary>The Python sandbox selected by <c>Sandbox:Provider</c> (<c>Process</c> = bubblewrap, or <c>Docker</c>).</summary>
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
        return builder;
    }
}
