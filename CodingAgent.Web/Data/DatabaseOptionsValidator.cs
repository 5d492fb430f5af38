using Microsoft.Extensions.Options;
using Npgsql;

namespace CodingAgent.Web.Data;

/// <summary>PostgreSQL needs a connection string that Npgsql accepts; the messages name the setting, never its value.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.Postgres)
        {
            return ValidateOptionsResult.Success;
        }
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "Database:Provider is Postgres but ConnectionStrings:Postgres (environment ConnectionStrings__Postgres) is empty: set it to an Npgsql connection string.");
        }
        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            // Npgsql names the offending keyword, not the values
            return ValidateOptionsResult.Fail($"ConnectionStrings:Postgres is not a valid Npgsql connection string: {ex.Message}");
        }
    }
}
