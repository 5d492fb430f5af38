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
        builder.AddCodingAgentDatabase();
        services.AddSingleton<ISessionLocks, Core.Embedded.InProcessSessionLocks>();
        services.AddSingleton<IClusterBus, Core.Embedded.InProcessClusterBus>();
        services.AddSingleton<IBlobStore>(sp => new FileSystemBlobStore(sp.GetRequiredService<DataPaths>().Blobs));
        services.AddSingleton<SessionDeletion>();
        services.AddSingleton<IDependencyCheck, Health.SandboxDependencyCheck>();
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

