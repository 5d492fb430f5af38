using CodingAgent.Core.Agent;
using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodingAgent.Core;

public static class CoreExtensions
{
    /// <summary>The agent loop and run management. Adapters (storage, sandbox, model) are added by their own projects.</summary>
    public static IHostApplicationBuilder AddCodingAgentCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentOptions>()
            .BindConfiguration(AgentOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<Files.FileOptions>()
            .BindConfiguration(Files.FileOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Files.WorkspaceFileService>();
        builder.Services.AddSingleton<Files.FilePreviewService>();
        builder.Services.AddSingleton<KernelTracker>();
        builder.Services.AddSingleton<ConversationBuilder>();
        builder.Services.AddSingleton<TokenBudgets>();
        builder.Services.AddSingleton<AgentRunner>();
        builder.Services.AddOptions<RunOptions>()
            .BindConfiguration(RunOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<Users.QuotaOptions>()
            .BindConfiguration(Users.QuotaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RunManager>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunManager>());
        builder.Services.AddSingleton<RunFollower>();
        builder.Services.AddSingleton<RunRecovery>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunRecovery>());
        builder.Services.AddHostedService<ClusterSignalHandler>();
        // Profiling.ProfilingOptions are bound with the profiler that reads most of them (AddCodingAgentSandbox)
        builder.Services.AddSingleton<Profiling.ProfilingQueue>();
        builder.Services.AddSingleton<Profiling.ProfileRunner>();
        builder.Services.AddSingleton<Profiling.IFileProfiles, Profiling.FileProfileService>();
        builder.Services.AddHostedService<Profiling.FileProfilingWorker>();
        builder.Services.AddCodingAgentDashboards();
        return builder;
    }
}
