using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CodingAgent.Web.Data;

/// <summary>
/// Empties the connection pool when a connection or a command fails because PostgreSQL is unreachable: the other
/// pooled connections were to the same server and are broken too, so the next attempt opens a new one.
/// </summary>
internal sealed class PostgresPoolReset : DbConnectionInterceptor, IDbCommandInterceptor
{
    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Reset(connection, eventData.Exception);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(connection, eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Reset(command.Connection, eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Reset(command.Connection, eventData.Exception);
        return Task.CompletedTask;
    }

    private static void Reset(DbConnection? connection, Exception exception)
    {
        if (connection is NpgsqlConnection npgsql && PostgresFailureClassifier.IsUnreachable(exception))
        {
            NpgsqlConnection.ClearPool(npgsql);
        }
    }
}
