using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Llm;

/// <summary>The app with a key the scripted server refuses (in <c>Llm:ApiKey</c>), every log line captured at Trace.</summary>
public sealed class WrongKeyFixture : AppFixture
{
    public const string WrongKey = "sk-wrong-distinctive-key-55aa77bb99";

    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Llm:ApiKey"] = WrongKey };

    protected override Action<IServiceCollection>? Services => Logs.AddTo;
}
