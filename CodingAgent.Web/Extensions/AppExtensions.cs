using CodingAgent.Web.Access;
using CodingAgent.Core;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Sandbox;
using CodingAgent.Web.Api;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Components.Dashboards;
using CodingAgent.Web.Data;
using CodingAgent.Web.Llm;
using CodingAgent.Web.Redis;
using CodingAgent.Web.Security;
using CodingAgent.Web.Storage;
using CodingAgent.Web.Tables;
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
        builder.AddCodingAgentRedis();
        builder.AddCodingAgentAuth();

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
        builder.AddCodingAgentStorage();
        services.AddSingleton<SessionDeletion>();
        services.AddCodingAgentAccess();
        services.AddSingleton<Audit.AuditRecorder>();
        services.AddSingleton<Export.ReportScripts>();
        services.AddCodingAgentTables();
        services.AddSingleton<IDependencyCheck, Health.SandboxDependencyCheck>();
        services.AddSingleton<IWorkspaceFileConverter, Files.ParquetToCsvConverter>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(options => options.MultipartBodyLengthLimit = long.MaxValue);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<ChatState>();
        services.AddScoped<Components.Files.PageUploads>();
        services.AddCodingAgentDashboardPages();
        services.AddScoped<SessionSidebarState>();
        services.AddScoped<Components.Layout.ThemePreference>();
        return builder;
    }

    public static WebApplication MapCodingAgent(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapCodingAgentApi();
        app.MapExternalSignIn();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        return app;
    }
}

