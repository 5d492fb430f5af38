using CodingAgent.Core.Ports;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodingAgent.Sandbox;

public static class SandboxExtensions
{
    /// <summary>The Python sandbox selected by <c>Sandbox:Provider</c>.</summary>
    public static IHostApplicationBuilder AddCodingAgentSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The CodingAgent sandbox needs Linux (bubblewrap or Docker).");
        }
        builder.Services.AddSingleton<ProcessSandboxPool>();
        builder.Services.AddSingleton<ISandboxPool>(sp => sp.GetRequiredService<ProcessSandboxPool>());
        return builder;
    }
}
