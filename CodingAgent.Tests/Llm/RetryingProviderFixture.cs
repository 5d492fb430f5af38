using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

/// <summary>The app on the single-endpoint settings (the implicit provider) with 1 s as the first retry's delay and 5 s as the longest.</summary>
public sealed class RetryingProviderFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Llm:RetryDelaySeconds"] = "1",
        ["Llm:MaxRetries"] = "3",
        ["Llm:MaxRetryDelaySeconds"] = "5",
    };
}
