namespace CodingAgent.Tests.Infrastructure;

/// <summary>An <see cref="AppFixture"/> whose app keeps its metadata in PostgreSQL: a server of its own, one database.</summary>
public sealed class PostgresAppFixture : AppFixture
{
    public PostgresServer Postgres { get; } = new();
    public string ConnectionString { get; private set; } = "";

    protected override IReadOnlyDictionary<string, string?> Settings => SettingsFor(ConnectionString);

    /// <summary>The app's settings for PostgreSQL at <paramref name="connectionString"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(string connectionString) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = connectionString,
    };

    public override async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync(PostgresServer.NewDatabaseName("app"));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
