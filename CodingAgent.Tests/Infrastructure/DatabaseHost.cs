using CodingAgent.Core.Ports;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>The app's database layer alone (<c>AddCodingAgentDatabase</c>, migrated as at start-up) on SQLite or PostgreSQL.</summary>
public sealed class DatabaseHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DatabaseHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public ISessionRepository Sessions => Services.GetRequiredService<ISessionRepository>();
    public IRunEventStore Events => Services.GetRequiredService<IRunEventStore>();
    public IDashboardRepository Dashboards => Services.GetRequiredService<IDashboardRepository>();
    public IDbContextFactory<AppDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>Shares a session or dashboard (<see cref="Web.Sharing.ShareKinds"/>) with <paramref name="userId"/>.</summary>
    public Task ShareAsync(string kind, Guid id, string userId) =>
        new Web.Sharing.ShareStore(Contexts, TimeProvider.System).AddAsync(kind, id, userId, CancellationToken.None);

    /// <summary>SQLite in <paramref name="dataDirectory"/> (codingagent.db, as the app keeps it).</summary>
    public static Task<DatabaseHost> SqliteAsync(string dataDirectory) =>
        StartAsync(new Dictionary<string, string?> { ["CODINGAGENT_DATA_DIR"] = dataDirectory });

    public static Task<DatabaseHost> PostgresAsync(string connectionString) => StartAsync(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = connectionString,
    });

    public static async Task<DatabaseHost> StartAsync(IReadOnlyDictionary<string, string?> settings, bool migrate = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddCodingAgentDatabase();
        var host = builder.Build();
        if (migrate)
        {
            await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }
        return new DatabaseHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
