using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Web.Components.Dashboards;

public static class DashboardPagesExtensions
{
    /// <summary>The state classes of the dashboard pages, the pin dialog and the share dialog (one per use).</summary>
    public static IServiceCollection AddCodingAgentDashboardPages(this IServiceCollection services)
    {
        services.AddTransient<DashboardPageState>();
        services.AddTransient<DashboardListState>();
        services.AddTransient<PinForm>();
        services.AddTransient<Sharing.ShareForm>();
        return services;
    }
}
