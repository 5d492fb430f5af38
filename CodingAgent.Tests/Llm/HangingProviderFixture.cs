using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

/// <summary>The app with a 2 s bound on one model call.</summary>
public sealed class HangingProviderFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = "2" };
}
