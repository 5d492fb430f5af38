using CodingAgent.Core.Ports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Data;

/// <summary>The database as a readiness dependency: <c>SELECT 1</c> answered within a few seconds.</summary>
internal sealed class DatabaseDependencyCheck(IDbContextFactory<AppDbContext> contexts, IOptions<DatabaseOptions> options) : IDependencyCheck
{
    private static readonly TimeSpan _bound = TimeSpan.FromSeconds(5);

    public string Name => "database";

    public async Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var provider = options.Value.Provider == DatabaseProvider.Postgres ? PostgresFailureClassifier.DependencyName : "SQLite";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_bound);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return DependencyHealth.Ready;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DependencyHealth.NotReady($"{provider} did not answer within {_bound.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Npgsql's and SQLite's messages name the host and port or the file, never the password
            return DependencyHealth.NotReady($"{provider}: {DatabaseProblems.Describe(ex)}");
        }
    }
}
