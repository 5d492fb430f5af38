using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CodingAgent.Web.Data;

/// <summary>
/// Brings the database to the app's newest migration at start-up. A SQLite database of the release before migrations
/// (made by EnsureCreated: the tables but no <c>__EFMigrationsHistory</c>) is baselined first: the first migration,
/// which is exactly that release's schema, is recorded as applied, and the later ones upgrade it in place. EF Core
/// holds a migrations lock meanwhile, so several instances may start at once on one PostgreSQL. An unreachable
/// PostgreSQL is retried with backoff for <see cref="DatabaseOptions.StartupTimeoutSeconds"/>.
/// </summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<AppDbContext> contexts, IOptions<DatabaseOptions> options, TimeProvider time, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Migrations may rebuild large tables: far longer than a request's command timeout.</summary>
    private static readonly TimeSpan _migrationCommandTimeout = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan _firstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _longestDelay = TimeSpan.FromSeconds(15);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(settings.StartupTimeoutSeconds);
        var delay = _firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateOnceAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsRaceWithAnotherInstance(ex) && attempt < 10)
            {
                LogRace(logger, DatabaseProblems.Describe(ex));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && PostgresFailureClassifier.IsUnreachable(ex))
            {
                var endpoint = Endpoint(settings);
                if (time.GetUtcNow() + delay > deadline)
                {
                    LogGaveUp(logger, endpoint, attempt, settings.StartupTimeoutSeconds, DatabaseProblems.Describe(ex));
                    throw;
                }
                LogUnreachable(logger, endpoint, attempt, DatabaseProblems.Describe(ex), delay.TotalSeconds, settings.StartupTimeoutSeconds);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _longestDelay.Ticks));
            }
        }
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(_migrationCommandTimeout);
        if (db is SqliteAppDbContext)
        {
            await BaselinePreMigrationsDatabaseAsync(db, cancellationToken);
        }
        // EF Core logs each migration it applies ("Applying migration …")
        await db.Database.MigrateAsync(cancellationToken);
        if (db is SqliteAppDbContext)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>The tables of the release before migrations but no history: record the first migration (that release's schema) as applied.</summary>
    private async Task BaselinePreMigrationsDatabaseAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (await history.ExistsAsync(cancellationToken))
        {
            return;
        }
        var tables = await db.Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'sessions'")
            .SingleAsync(cancellationToken);
        if (tables == 0)
        {
            return;
        }
        var first = db.Database.GetMigrations().First();
        await history.CreateIfNotExistsAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), cancellationToken);
        LogBaselined(logger, first);
    }

    /// <summary>
    /// Two instances creating the database at the same moment: the loser tries again and finds it (a race on the
    /// history table EF Core's Npgsql provider already absorbs). Npgsql's migrations lock lasts one migration's
    /// transaction, and an instance plans the migrations to apply before it takes the lock: with several pending,
    /// one instance can apply a migration another planned too, whose own attempt then fails on an object that already
    /// exists and rolls back. Trying again reads the history afresh and finds it applied.
    /// </summary>
    private static bool IsRaceWithAnotherInstance(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.DuplicateColumn }
        || exception.InnerException is { } inner && IsRaceWithAnotherInstance(inner);

    /// <summary>Host, port and database, for the log: never the user or the password.</summary>
    private static string Endpoint(DatabaseOptions settings)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database was made by a release before migrations: recorded {Migration} (its schema) as applied; the later migrations upgrade it in place")]
    private static partial void LogBaselined(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance is creating the database at the same moment ({Problem}); trying again")]
    private static partial void LogRace(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL at {Endpoint} cannot be reached (attempt {Attempt}): {Problem}. Retrying in {DelaySeconds} s; start-up gives up after {TimeoutSeconds} s (Database:StartupTimeoutSeconds)")]
    private static partial void LogUnreachable(ILogger logger, string endpoint, int attempt, string problem, double delaySeconds, int timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "PostgreSQL at {Endpoint} could not be reached in {Attempts} attempts within {TimeoutSeconds} s (Database:StartupTimeoutSeconds): {Problem}. The app cannot start without its database")]
    private static partial void LogGaveUp(ILogger logger, string endpoint, int attempts, int timeoutSeconds, string problem);
}
