namespace CodingAgent.Tests.Infrastructure;

/// <summary>The app of <see cref="AppFixture"/> with a 16 MB workspace quota, so that a workspace is quickly full.</summary>
public sealed class SmallQuotaAppFixture : AppFixture
{
    public const int QuotaMb = 16;

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Sandbox:WorkspaceQuotaMb"] = QuotaMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override IReadOnlyDictionary<string, string?> Settings => _settings;
}
