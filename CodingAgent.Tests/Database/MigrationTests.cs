using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CodingAgent.Tests.Database;

/// <summary>Both providers have real migrations, and a fresh database gets all of them at start-up.</summary>
public sealed class MigrationTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-migrations-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Neither_provider_has_model_changes_that_lack_a_migration()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "the SQLite model changed: add a migration (docs/architecture.md, Database)");
        Assert.False(postgres.Database.HasPendingModelChanges(), "the PostgreSQL model changed: add a migration (docs/architecture.md, Database)");
    }

    [Fact]
    public async Task A_new_sqlite_database_gets_every_migration_and_the_app_tables()
    {
        await using var database = await DatabaseHost.SqliteAsync(_root);

        await AssertFullyMigratedAsync(database);
    }

    [Fact]
    public async Task An_existing_empty_postgres_database_gets_every_migration_and_the_app_tables()
    {
        await using var database = await DatabaseHost.PostgresAsync(await server.CreateDatabaseAsync(PostgresServer.NewDatabaseName("empty")));

        await AssertFullyMigratedAsync(database);
    }

    [Fact]
    public async Task A_postgres_database_that_does_not_exist_is_created_and_migrated()
    {
        await using var database = await DatabaseHost.PostgresAsync(server.ConnectionString(PostgresServer.NewDatabaseName("missing")));

        await AssertFullyMigratedAsync(database);
    }

    [Fact]
    public async Task Several_instances_migrating_one_new_database_at_once_all_succeed()
    {
        var connectionString = server.ConnectionString(PostgresServer.NewDatabaseName("race"));
        using var start = new ManualResetEventSlim();
        var instances = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await DatabaseHost.PostgresAsync(connectionString);
        })).ToList();
        start.Set();

        var databases = await Task.WhenAll(instances);

        foreach (var database in databases)
        {
            await AssertFullyMigratedAsync(database);
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        var connectionString = await server.CreateDatabaseAsync(PostgresServer.NewDatabaseName("twice"));
        await using (var first = await DatabaseHost.PostgresAsync(connectionString))
        {
            await first.Sessions.CreateSessionAsync("kept", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        }

        await using var second = await DatabaseHost.PostgresAsync(connectionString);

        await AssertFullyMigratedAsync(second);
        Assert.Equal(["kept"], (await second.Sessions.ListSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None)).Select(s => s.Title));
    }

    [Fact]
    public async Task The_first_sqlite_migration_is_exactly_the_previous_releases_schema()
    {
        var legacy = Path.Combine(_root, "legacy", "codingagent.db");
        await PreviousRelease.CreateDatabaseAsync(legacy);
        var migrated = Path.Combine(_root, "migrated");
        await using (var database = await DatabaseHost.StartAsync(new Dictionary<string, string?> { ["CODINGAGENT_DATA_DIR"] = migrated }, migrate: false))
        {
            await using var db = await database.Contexts.CreateDbContextAsync();
            var first = db.Database.GetMigrations().First();
            Assert.EndsWith("_InitialCreate", first, StringComparison.Ordinal);
            await db.GetService<IMigrator>().MigrateAsync(first);
        }

        var expected = await PreviousRelease.SchemaAsync(legacy);
        Assert.Equal(["IX_artifacts_SessionId", "IX_artifacts_StepId", "IX_messages_RunId", "IX_messages_SessionId_CreatedAt", "IX_sessions_UpdatedAt", "IX_steps_MessageId_Index", "artifacts", "files", "messages", "sessions", "steps"],
            expected.Select(s => s.Name));
        Assert.Equal(expected, await PreviousRelease.SchemaAsync(Path.Combine(migrated, "codingagent.db")));
    }

    private static async Task AssertFullyMigratedAsync(DatabaseHost database)
    {
        await using var db = await database.Contexts.CreateDbContextAsync();
        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(all.Count, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"__EFMigrationsHistory\"").SingleAsync());
        var catalog = db.Database.IsNpgsql()
            ? "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'";
        var tables = (await db.Database.SqlQueryRaw<string>(catalog).ToListAsync()).Order(StringComparer.Ordinal);
        Assert.Contains("__EFMigrationsHistory", tables);
        var appTables = tables.Where(t => !t.StartsWith("__EFMigrations", StringComparison.Ordinal));
        Assert.Equal(["AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles", "AspNetUserTokens", "AspNetUsers",
            "api_tokens", "artifacts", "audit_events", "dashboard_tiles", "dashboards", "file_profiles", "files", "messages", "run_events", "sessions", "shares", "steps"], appTables);
        Assert.Equal(appTables, db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
