using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodingAgent.Tests.Audit;

/// <summary>The app with an audit log that cannot store uploads and code executions (the rest it stores), and its logs captured.</summary>
public sealed class BrokenAuditAppFixture : AppFixture
{
    public CapturedLogs Logs { get; } = new();

    protected override Action<IServiceCollection> Services => services =>
    {
        Logs.AddTo(services);
        services.RemoveAll<IAuditLog>();
        services.AddSingleton<IAuditLog>(new FailingAuditLog(AuditActions.Upload, AuditActions.CodeExecution));
    };
}
