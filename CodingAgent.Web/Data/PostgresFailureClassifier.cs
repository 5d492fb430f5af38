using CodingAgent.Web.Health;
using Npgsql;

namespace CodingAgent.Web.Data;

/// <summary>
/// PostgreSQL is unreachable when Npgsql says the failure is transient (refused or broken connection, I/O error,
/// timeout, server shutting down or starting), wherever EF Core wrapped it (InvalidOperationException,
/// DbUpdateException …). A rejected password or a missing database is not an outage: that stays a 500.
/// </summary>
internal sealed class PostgresFailureClassifier : IDependencyFailureClassifier
{
    public const string DependencyName = "PostgreSQL";

    public string? Classify(Exception exception) => IsUnreachable(exception) ? DependencyName : null;

    public static bool IsUnreachable(Exception exception) => FindTransient(exception) is not null;

    /// <summary>The innermost-first Npgsql exception that makes <paramref name="exception"/> an outage, or null.</summary>
    public static NpgsqlException? FindTransient(Exception exception) => Chain(exception).OfType<NpgsqlException>().FirstOrDefault(e => e.IsTransient);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>();
        pending.Push(exception);
        var depth = 0;
        while (pending.Count > 0 && depth++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
