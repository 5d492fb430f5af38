using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Dashboards;

/// <summary>The dashboard store contract on SQLite, a fresh data folder per test.</summary>
public sealed class SqliteDashboardRepositoryTests : DashboardRepositoryContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-dash-" + Guid.NewGuid().ToString("N"));

    protected override Task<DatabaseHost> OpenDatabaseAsync() => DatabaseHost.SqliteAsync(_root);

    protected override Task CleanUpAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
