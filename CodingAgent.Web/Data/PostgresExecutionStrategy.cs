using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace CodingAgent.Web.Data;

/// <summary>
/// One immediate retry of an operation that failed on a broken connection: after PostgreSQL restarted, the pool still
/// holds connections to the old server, and the first request must not fail on one of them (the failure cleared the
/// pool, <see cref="PostgresPoolReset"/>, so the retry gets a new connection). Timeouts are not retried, so a hung
/// server still gives a 503 within the connect and command timeouts; while the server is down the retry fails as fast
/// as the first attempt.
/// </summary>
internal sealed class PostgresExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 1, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null)
{
    protected override bool ShouldRetryOn(Exception? exception) =>
        exception is not null && PostgresFailureClassifier.FindTransient(exception) is { } failure && !IsTimeout(failure);

    private static bool IsTimeout(NpgsqlException failure)
    {
        for (Exception? current = failure; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException)
            {
                return true;
            }
        }
        return false;
    }
}
