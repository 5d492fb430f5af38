using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Extensions;

/// <summary>Creates the schema on start. Runs a stopped process left "running" are ended by <see cref="Core.Runs.RunRecovery"/>.</summary>
internal sealed class DatabaseInitializer(IDbContextFactory<AppDbContext> contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
