using System.Collections.Concurrent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Tables;

/// <summary>
/// Serves table artifacts from indexed query stores: one SQLite file per artifact in a local cache folder, built from
/// the blob store on first use (the blob store stays the source of truth, so any instance can build its own, and a
/// deleted cache file is simply built again). A build writes a temporary file and renames it into place, so readers
/// and other instances never see half a store; concurrent first requests for one table share one build.
/// </summary>
public sealed partial class TableStore(IBlobStore blobs, string cacheFolder, ILogger<TableStore> logger)
{
    /// <summary>The store file format; a new one is built beside stores of an older format.</summary>
    private const string FormatVersion = "v1";
    private const int MaxOpenTables = 256;
    private readonly ConcurrentDictionary<Guid, Lazy<Task<TableData?>>> _open = new();

    /// <summary>The table's query store, built if this instance has none; null when the artifact's content is no longer stored.</summary>
    public async Task<TableData?> OpenAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        var opening = _open.GetOrAdd(artifact.Id, _ => new Lazy<Task<TableData?>>(() => LoadAsync(artifact)));
        try
        {
            var table = await opening.Value.WaitAsync(cancellationToken);
            if (table is null)
            {
                _open.TryRemove(new(artifact.Id, opening));
            }
            return table;
        }
        catch (Exception) when (opening.Value.IsFaulted)
        {
            _open.TryRemove(new(artifact.Id, opening));
            throw;
        }
    }

    public string PathOf(Guid artifactId) => Path.Combine(cacheFolder, $"{artifactId:N}.{FormatVersion}.db");

    private async Task<TableData?> LoadAsync(Artifact artifact)
    {
        if (_open.Count > MaxOpenTables)
        {
            // what an open table keeps is its column list and a few counts: dropping them costs a re-read of the header
            foreach (var key in _open.Keys.Where(k => k != artifact.Id).Take(MaxOpenTables / 2))
            {
                _open.TryRemove(key, out _);
            }
        }
        var path = PathOf(artifact.Id);
        // not cancelled with the request that asked first: others wait for the same build
        var cancellationToken = CancellationToken.None;
        if (File.Exists(path) && await TableHeader.ReadAsync(path, cancellationToken) is { } header)
        {
            return new TableData(path, header.Columns, header.RowCount, header.StoredRowCount);
        }
        Directory.CreateDirectory(cacheFolder);
        var building = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            (IReadOnlyList<TableColumn> Columns, long RowCount, long StoredRowCount) built;
            await using (var rows = await blobs.OpenReadAsync(BlobKeys.ArtifactRows(artifact.SessionId, artifact.Id), cancellationToken))
            {
                if (rows is not null)
                {
                    built = await TableImporter.FromRowsAsync(rows, building, cancellationToken);
                }
                else
                {
                    await using var content = await blobs.OpenReadAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), cancellationToken);
                    if (content is null)
                    {
                        return null;
                    }
                    built = await TableImporter.FromContentAsync(content, building, cancellationToken);
                }
            }
            await TableHeader.WriteAsync(building, new TableHeader(built.Columns, built.RowCount, built.StoredRowCount), cancellationToken);
            File.Move(building, path, overwrite: true);
            LogBuilt(logger, artifact.Id, built.StoredRowCount, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            return new TableData(path, built.Columns, built.RowCount, built.StoredRowCount);
        }
        finally
        {
            File.Delete(building);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the query store of table {ArtifactId}: {Rows} rows in {Milliseconds:F0} ms")]
    private static partial void LogBuilt(ILogger logger, Guid artifactId, long rows, double milliseconds);
}
