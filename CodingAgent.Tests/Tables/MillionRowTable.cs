using CodingAgent.Core.Domain;
using CodingAgent.Web.Storage;
using CodingAgent.Web.Tables;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Tables;

/// <summary>One 1,000,000-row table artifact in a filesystem blob store, and a query store over it, shared by a test class.</summary>
public sealed class MillionRowTable : IAsyncLifetime
{
    public const long RowCount = 1_000_000;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codingagent-tables-" + Guid.NewGuid().ToString("N"));
    public FileSystemBlobStore Blobs { get; private set; } = null!;
    public Artifact Artifact { get; private set; } = null!;
    public TableStore Store { get; private set; } = null!;
    public TableData Table { get; private set; } = null!;

    /// <summary>The generated rows, to compute what a query must return.</summary>
    public IReadOnlyList<object?[]> Expected { get; } = [.. GeneratedTable.Rows(RowCount)];

    public TableStore NewStore() => new(Blobs, Path.Combine(Root, "cache"), NullLogger<TableStore>.Instance);

    public async Task InitializeAsync()
    {
        Blobs = new FileSystemBlobStore(Path.Combine(Root, "blobs"));
        Artifact = await GeneratedTable.StoreAsync(Blobs, RowCount);
        Store = NewStore();
        Table = (await Store.OpenAsync(Artifact, CancellationToken.None))!;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}
