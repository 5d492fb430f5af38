using CodingAgent.Core.Ports;
using CodingAgent.Web.Data;

namespace CodingAgent.Web.Extensions;

/// <summary>Migrates the database on start and marks runs that a stopped process left "running" as interrupted.</summary>
internal sealed partial class DatabaseInitializer(DatabaseMigrator migrator, ISessionRepository sessions, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
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
