using System.Data.Common;
using Npgsql;

namespace CodingAgent.Web.Data;

/// <summary>
/// The operator's connection string with the app's defaults where the operator set nothing: a dead server must give an
/// error well within the 15 s a request may wait (Npgsql's own defaults are 15 s to connect and 30 s per command).
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Seconds to wait for a connection (Npgsql <c>Timeout</c>) unless the connection string says otherwise.</summary>
    public const int ConnectTimeoutSeconds = 5;

    /// <summary>Seconds a command may run (Npgsql <c>Command Timeout</c>) unless the connection string says otherwise.</summary>
    public const int CommandTimeoutSeconds = 10;

    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!keys.Contains("TIMEOUT"))
        {
            builder.Timeout = ConnectTimeoutSeconds;
        }
        if (!keys.Contains("COMMANDTIMEOUT"))
        {
            builder.CommandTimeout = CommandTimeoutSeconds;
        }
        if (!keys.Contains("APPLICATIONNAME"))
        {
            builder.ApplicationName = "CodingAgent";
        }
        return builder.ConnectionString;
    }
}
