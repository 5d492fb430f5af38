using CodingAgent.Web.Extensions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Logging.Console;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// The web app's host, built by the same extensions (configuration, database and its migrations, storage, sandbox
/// pool, profiling, agent, run management), without an HTTP server. Its console log goes to stderr at Warning and
/// above, so stdout carries only the results.
/// </summary>
public static class EvaluationHost
{
    public static WebApplication Build(IReadOnlyList<string> hostArguments)
    {
        var builder = WebApplication.CreateBuilder([.. hostArguments]);
        builder.AddCodingAgentWeb();
        builder.Services.AddSingleton<IServer, NoHttpServer>();
        builder.Services.AddSingleton<QuestionRunner>();
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        return builder.Build();
    }
}
