using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CodingAgent.Tests.Database;

/// <summary>The PostgreSQL settings: validation, the app's timeouts, and which failures count as an outage.</summary>
public sealed class PostgresSettingsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Postgres_without_a_connection_string_is_refused_naming_the_setting()
    {
        await using var database = await DatabaseHost.StartAsync(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres" }, migrate: false);

        var refused = Assert.Throws<OptionsValidationException>(() => database.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("ConnectionStrings:Postgres", refused.Message);
    }

    [Fact]
    public async Task A_connection_string_npgsql_cannot_read_is_refused_without_repeating_it()
    {
        await using var database = await DatabaseHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Password=hunter2-secret;Colour=blue",
        }, migrate: false);

        var refused = Assert.Throws<OptionsValidationException>(() => database.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("ConnectionStrings:Postgres is not a valid Npgsql connection string", refused.Message);
        Assert.DoesNotContain("hunter2-secret", refused.Message);
    }

    [Fact]
    public void The_app_bounds_connect_and_command_times_unless_the_operator_set_them()
    {
        var defaults = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Username=u;Password=p w;Database=d"));
        var chosen = new NpgsqlConnectionStringBuilder(PostgresConnectionString.WithDefaults("Host=db;Password=p;Timeout=30;CommandTimeout=60;Application Name=ops"));

        Assert.Equal((5, 10, "CodingAgent", "p w", "d"), (defaults.Timeout, defaults.CommandTimeout, defaults.ApplicationName, defaults.Password, defaults.Database));
        Assert.Equal((30, 60, "ops"), (chosen.Timeout, chosen.CommandTimeout, chosen.ApplicationName));
    }

    [Fact]
    public async Task A_refused_connection_is_an_outage_however_ef_core_wraps_it()
    {
        var classifier = new PostgresFailureClassifier();
        await using var database = await DatabaseHost.StartAsync(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=9;Username=u;Password=p;Database=d",
        }, migrate: false);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => database.Sessions.ListSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None));

        Assert.Equal("PostgreSQL", classifier.Classify(failure));
        Assert.Equal("PostgreSQL", classifier.Classify(new DbUpdateException("saving failed", failure)));
        Assert.Equal("PostgreSQL", classifier.Classify(new AggregateException(new InvalidOperationException("wrapped", failure))));
        Assert.Null(classifier.Classify(new InvalidOperationException("not a database failure")));
    }

    [Fact]
    public async Task A_wrong_password_is_not_an_outage_and_start_up_stops_at_once_with_its_reason()
    {
        var classifier = new PostgresFailureClassifier();
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Password = "not-the-password" }.ConnectionString;

        var refused = await Assert.ThrowsAsync<PostgresException>(() => DatabaseHost.PostgresAsync(wrong));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        Assert.Null(classifier.Classify(refused));
        Assert.DoesNotContain("not-the-password", refused.Message);
    }
}
