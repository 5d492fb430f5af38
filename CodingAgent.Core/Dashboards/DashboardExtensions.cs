using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Core.Dashboards;

public static class DashboardExtensions
{
    /// <summary>Dashboards and their refresh; the store (<see cref="Ports.IDashboardRepository"/>) comes from the database adapter.</summary>
    public static IServiceCollection AddCodingAgentDashboards(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>()
            .BindConfiguration(DashboardOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DashboardService>();
        services.AddSingleton<DashboardRefresher>();
        return services;
    }
}
