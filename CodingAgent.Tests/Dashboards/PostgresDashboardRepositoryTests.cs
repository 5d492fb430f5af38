using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Dashboards;

/// <summary>The dashboard store contract on a real PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresDashboardRepositoryTests(PostgresServer server) : DashboardRepositoryContractTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseHost> OpenDatabaseAsync() =>
        await DatabaseHost.PostgresAsync(await server.CreateDatabaseAsync(PostgresServer.NewDatabaseName("dash")));
}
