using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Database;

/// <summary>The repository contract on a real PostgreSQL, a fresh database per test.</summary>
public sealed class PostgresRepositoryContractTests(PostgresServer server) : RepositoryContractTests, IClassFixture<PostgresServer>
{
    protected override async Task<DatabaseHost> OpenDatabaseAsync() =>
        await DatabaseHost.PostgresAsync(await server.CreateDatabaseAsync(PostgresServer.NewDatabaseName("repo")));
}
