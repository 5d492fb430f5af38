namespace CodingAgent.Tests.Infrastructure;

/// <summary>The app of <see cref="AppFixture"/> keeping its blobs in a bucket of its own s3rver (<c>Storage:Provider=S3</c>).</summary>
public sealed class S3AppFixture : AppFixture
{
    public S3rverServer S3 { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => S3.AppSettings;

    public override async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await S3.DisposeAsync();
    }
}
