using System.Text.Json;
using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The table grid on the real SQLite store and filesystem blob store.</summary>
public sealed class TableArtifactTests : BunitContext, IAsyncLifetime
{
    /// <summary>How long a page load may take on a busy machine before the test gives up (an upper bound, not a measure).</summary>
    private static readonly TimeSpan _loadWait = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-table-" + Guid.NewGuid().ToString("N"));
    private DatabaseHost _database = null!;
    private ISessionRepository _repository = null!;
    private FileSystemBlobStore _blobs = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _database = await DatabaseHost.SqliteAsync(_root);
        _repository = _database.Sessions;
        _blobs = new FileSystemBlobStore(Path.Combine(_root, "blobs"));
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ISessionRepository>(_repository);
        Services.AddSingleton<IBlobStore>(_blobs);
    }

    [Fact]
    public async Task A_large_table_is_shown_a_page_at_a_time()
    {
        var session = await _repository.CreateSessionAsync("t", CancellationToken.None);
        var artifact = new Artifact { Id = Guid.NewGuid(), SessionId = session.Id, Kind = ArtifactKinds.Table, Name = "table-1.json", CreatedAt = DateTimeOffset.UtcNow };
        var table = new
        {
            columns = new[] { new { name = "i", dtype = "int64" }, new { name = "label", dtype = "object" } },
            rowCount = 120,
            rows = Enumerable.Range(0, 120).Select(i => new object?[] { i, i % 2 == 0 ? "even" : null }).ToArray(),
        };
        using (var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(table)))
        {
            await _blobs.PutAsync(BlobKeys.Artifact(session.Id, artifact.Id), content, CancellationToken.None);
        }
        await _repository.AddArtifactAsync(artifact, CancellationToken.None);

        var cut = Render<TableArtifact>(p => p.Add(x => x.ArtifactId, artifact.Id));

        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindAll("tbody tr").Count), _loadWait);
        Assert.Equal(["i", "label"], cut.FindAll("th").Select(th => th.TextContent));
        Assert.Contains("Rows 1–50 of 120", cut.Find("[data-testid=table-range]").TextContent);
        Assert.Equal("", cut.FindAll("tbody tr")[1].QuerySelectorAll("td")[1].TextContent);

        await cut.Find("[data-testid=table-next]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Rows 51–100 of 120", cut.Find("[data-testid=table-range]").TextContent), _loadWait);
        Assert.Equal("50", cut.FindAll("tbody tr")[0].QuerySelectorAll("td")[0].TextContent);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
