using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Database;

/// <summary>The repository contract on SQLite (the embedded default), a fresh data folder per test.</summary>
public sealed class SqliteRepositoryContractTests : RepositoryContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-repo-" + Guid.NewGuid().ToString("N"));

    protected override Task<DatabaseHost> OpenDatabaseAsync() => DatabaseHost.SqliteAsync(_root);

    protected override Task CleanUpAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }
}
