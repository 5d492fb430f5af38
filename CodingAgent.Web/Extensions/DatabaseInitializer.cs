using CodingAgent.Web.Data;

namespace CodingAgent.Web.Extensions;

/// <summary>Migrates the database on start. Runs a stopped process left "running" are ended by <see cref="Core.Runs.RunRecovery"/>.</summary>
internal sealed class DatabaseInitializer(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
