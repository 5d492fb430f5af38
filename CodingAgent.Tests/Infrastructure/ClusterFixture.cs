using CodingAgent.Tests.Deployment;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// Real services on 127.0.0.1 (PostgreSQL, Redis, s3rver standing in for MinIO) and two app instances — two published
/// processes, each with its own data folder (its own workspace cache) — sharing them, as behind a load balancer.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-cluster-" + Guid.NewGuid().ToString("N"));
    private string _published = "";
    private string _connectionString = "";

    public PostgresServer Postgres { get; } = new();
    public RedisServer Redis { get; } = new();
    public S3rverServer S3 { get; } = new();
    public ScriptedOpenAiServer Model { get; private set; } = null!;
    public PublishedApp A { get; private set; } = null!;
    public PublishedApp B { get; private set; } = null!;
    public HttpClient ClientA { get; private set; } = null!;
    public HttpClient ClientB { get; private set; } = null!;

    public string DataA => Path.Combine(_root, "a");
    public string DataB => Path.Combine(_root, "b");

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync(), S3.InitializeAsync());
        Model = await ScriptedOpenAiServer.StartAsync();
        _connectionString = await Postgres.CreateDatabaseAsync(PostgresServer.NewDatabaseName("cluster"));
        _published = await PublishedApp.SharedPublishAsync();
        Directory.CreateDirectory(DataA);
        Directory.CreateDirectory(DataB);
        // one after the other: both migrate the same database on their first start
        A = await StartInstanceAsync(DataA);
        B = await StartInstanceAsync(DataB);
        ClientA = new HttpClient { BaseAddress = A.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        ClientB = new HttpClient { BaseAddress = B.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
    }

    /// <summary>Starts instance A again on its data folder (after a test killed it).</summary>
    public async Task RestartAAsync()
    {
        ClientA.Dispose();
        await A.DisposeAsync();
        A = await StartInstanceAsync(DataA);
        ClientA = new HttpClient { BaseAddress = A.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
    }

    public Task<PublishedApp> StartInstanceAsync(string data)
    {
        var environment = new Dictionary<string, string>
        {
            ["CODINGAGENT_DATA_DIR"] = data,
            ["HOME"] = data,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["Llm__Endpoint"] = Model.BaseUrl,
            ["Llm__ApiKey"] = ScriptedOpenAiServer.ApiKey,
            ["Llm__Model"] = "scripted",
            ["Sandbox__ExecutionTimeoutSeconds"] = "900",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = _connectionString,
            ["Redis__Configuration"] = Redis.Configuration,
        };
        foreach (var (name, value) in S3.AppSettings)
        {
            environment[name.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }
        return PublishedApp.StartAsync(_published, environment, uid: null);
    }

    /// <summary>Every key in the bucket under a session's prefix.</summary>
    public async Task<IReadOnlyList<string>> ObjectsOfAsync(Guid session)
    {
        var prefix = $"sessions/{session:N}/";
        var listed = await S3.Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = S3.Bucket, Prefix = prefix });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key)];
    }

    public async Task DisposeAsync()
    {
        ClientA?.Dispose();
        ClientB?.Dispose();
        if (A is not null)
        {
            await A.DisposeAsync();
        }
        if (B is not null)
        {
            await B.DisposeAsync();
        }
        await Model.DisposeAsync();
        await Task.WhenAll(Postgres.DisposeAsync(), Redis.DisposeAsync(), S3.DisposeAsync());
        await AppData.DeleteAsync(_root);
    }
}
