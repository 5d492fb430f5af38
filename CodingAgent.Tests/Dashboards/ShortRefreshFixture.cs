using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Dashboards;

/// <summary>The app with a 5 s bound on a tile's refresh (the smallest allowed).</summary>
public sealed class ShortRefreshFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Dashboards:RefreshTimeoutSeconds"] = "5" };
}
