using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Web.Data;

/// <summary>The <c>Database</c> section, plus <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Database:Provider</c>: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// <c>Database:StartupTimeoutSeconds</c>: how long start-up keeps retrying a PostgreSQL that cannot be reached
    /// (backoff 1 s doubling to 15 s) before the app gives up and exits; 0 fails at the first attempt.
    /// </summary>
    [Range(0, 3600)]
    public int StartupTimeoutSeconds { get; set; } = 120;

    /// <summary><c>ConnectionStrings:Postgres</c>, read from there (never logged: it may hold a password).</summary>
    public string? PostgresConnectionString { get; set; }
}
