using CodingAgent.Core;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Sandbox;
using CodingAgent.Web.Api;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Data;
using CodingAgent.Web.Llm;
using CodingAgent.Web.Security;
using CodingAgent.Web.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CodingAgent.Web.Extensions;

/// <summary>Where the embedded defaults keep their state: <c>CODINGAGENT_DATA_DIR</c>, else <c>CodingAgent:DataDirectory</c>, else ./data.</summary>
public sealed class DataPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Database => Path.Combine(Root, "codingagent.db");
    public string Blobs => Path.Combine(Root, "blobs");
    public string Workspaces => Path.Combine(Root, "workspaces");
    public string Runtime => Path.Combine(Root, "runtime");
    public string Keys => Path.Combine(Root, "keys");

    public static DataPaths From(IConfiguration configuration) => new(
        new[] { configuration["CODINGAGENT_DATA_DIR"], configuration["CodingAgent:DataDirectory"] }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "data");
}

public static partial class AppExtensions
{
    public static WebApplicationBuilder AddCodingAgentWeb(this WebApplicationBuilder builder)
    {
        builder.AddCodingAgentCore();
        builder.AddCodingAgentSandbox();
        builder.AddCodingAgentLlm();

        var services = builder.Services;
        services.AddSingleton(sp => DataPaths.From(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<SandboxOptions>().PostConfigure<DataPaths>((options, paths) =>
        {
            if (string.IsNullOrWhiteSpace(options.WorkspaceRoot))
            {
                options.WorkspaceRoot = paths.Workspaces;
            }
            if (string.IsNullOrWhiteSpace(options.RuntimeDirectory))
            {
                options.RuntimeDirectory = paths.Runtime;
            }
        });
        services.AddDbContextFactory<AppDbContext>((sp, options) =>
        {
            var paths = sp.GetRequiredService<DataPaths>();
            Directory.CreateDirectory(paths.Root);
            options.UseSqlite($"Data Source={paths.Database};Pooling=True");
        });
        services.AddSingleton<ISessionRepository, EfSessionRepository>();
        services.AddSingleton<IBlobStore>(sp => new FileSystemBlobStore(sp.GetRequiredService<DataPaths>().Blobs));
        services.AddSingleton<SessionDeletion>();
        services.AddSingleton<IWorkspaceFileConverter, Files.ParquetToCsvConverter>();
        // data-protection keys (antiforgery, Blazor) live with the data, not in the home folder that a service user may not have
        services.AddOptions<KeyManagementOptions>().Configure<DataPaths, ILoggerFactory>((options, paths, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(PrivateKeysDirectory(paths.Keys), loggers));
        services.AddHostedService<DatabaseInitializer>();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(options => options.MultipartBodyLengthLimit = long.MaxValue);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<ChatState>();
        return builder;
    }

    /// <summary>The data-protection keys sign the page's state and antiforgery tokens: readable by the app's user only.</summary>
    private static DirectoryInfo PrivateKeysDirectory(string path)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var directory = Directory.CreateDirectory(path, ownerOnly);
        File.SetUnixFileMode(directory.FullName, ownerOnly);
        return directory;
    }

    public static WebApplication MapCodingAgent(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapCodingAgentApi();
        app.MapStaticAssets();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        return app;
    }
}

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
        var interrupted = await sessions.FailInterruptedRunsAsync("The app stopped while this question was being answered.", cancellationToken);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} runs were interrupted by the last shutdown and are marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);
}

/// <summary>Turns the domain's refusals into RFC 9457 problem responses instead of 500s.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        (int Status, string Title)? mapped = exception switch
        {
            InvalidFileNameException => (400, "Invalid file name"),
            FileTooLargeException => (413, "File too large"),
            SessionNotFoundException => (404, "Session not found"),
            RunInProgressException => (409, "A run is in progress"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            InvalidDataException => (400, "Bad request"),
            _ => null,
        };
        if (mapped is not { } problem || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = problem.Status,
                Title = problem.Title,
                Detail = exception.Message,
            },
        });
    }
}
