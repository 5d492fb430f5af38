using CodingAgent.Core.Ports;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Extensions;

/// <summary>Creates the schema on start and marks runs that a stopped process left "running" as failed.</summary>
internal sealed partial class DatabaseInitializer(IDbContextFactory<AppDbContext> contexts, ISessionRepository sessions, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.EnsureCreatedAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        var interrupted = 0;
        foreach (var run in await sessions.ListRunningAsync(cancellationToken))
        {
            if (await sessions.InterruptRunAsync(run.Id, run.Content, "The app stopped while this question was being answered.", [], cancellationToken))
            {
                interrupted++;
            }
        }
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} runs were interrupted by the last shutdown and are marked interrupted")]
    private static partial void LogInterrupted(ILogger logger, int count);
}
