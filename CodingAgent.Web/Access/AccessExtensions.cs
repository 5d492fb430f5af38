using CodingAgent.Web.Sharing;

namespace CodingAgent.Web.Access;

public static class AccessExtensions
{
    /// <summary>Who may see and change what: the shares and the one access rule per resource kind.</summary>
    public static IServiceCollection AddCodingAgentAccess(this IServiceCollection services)
    {
        services.AddSingleton<ShareStore>();
        services.AddScoped<ShareChanges>();
        services.AddSingleton<SessionAccess>();
        services.AddSingleton<DashboardAccess>();
        services.AddSingleton<ArtifactAccess>();
        services.AddSingleton<StorageQuota>();
        services.AddScoped<CircuitUser>();
        return services;
    }
}
