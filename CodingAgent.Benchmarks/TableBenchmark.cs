using System.Diagnostics;
using System.Globalization;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Storage;
using CodingAgent.Web.Tables;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Benchmarks;

/// <summary>
/// The first page of a 1,000,000-row table artifact on the server: building its query store from the blob store
/// (once per table and instance), then the first page, a page at row 900,000, the first sorted page (which makes the
/// column's index) and later sorted and filtered pages. The target is the first paint under 500 ms.
/// </summary>
public static class TableBenchmark
{
    private const long Rows = 1_000_000;

    private static readonly IReadOnlyList<TableColumn> _columns =
        [new("id", "int64"), new("label", "object"), new("amount", "float64"), new("at", "datetime64[ns]"), new("group", "object"), new("ok", "bool")];

    public static async Task RunAsync(bool quick, Action<string, string, List<double>, string> add)
    {
        var root = Path.Combine(Path.GetTempPath(), "codingagent-bench-tables-" + Guid.NewGuid().ToString("N"));
        try
        {
            var blobs = new FileSystemBlobStore(Path.Combine(root, "blobs"));
            var artifact = new Artifact { Id = Guid.NewGuid(), SessionId = Guid.NewGuid(), Kind = ArtifactKinds.Table, Name = "table-1.json" };
            using (var rows = new MemoryStream())
            {
                await TableRowsFormat.WriteAsync(rows, _columns, Rows, Generate(), CancellationToken.None);
                rows.Position = 0;
                await blobs.PutAsync(BlobKeys.ArtifactRows(artifact.SessionId, artifact.Id), rows, CancellationToken.None);
            }

            var builds = new List<double>();
            TableData table = null!;
            for (var i = 0; i < (quick ? 1 : 3); i++)
            {
                Directory.CreateDirectory(Path.Combine(root, "cache" + i));
                var store = new TableStore(blobs, Path.Combine(root, "cache" + i), NullLogger<TableStore>.Instance);
                var watch = Stopwatch.StartNew();
                table = (await store.OpenAsync(artifact, CancellationToken.None))!;
                builds.Add(watch.Elapsed.TotalMilliseconds);
            }
            add("Tables", "query store built from the blob (1,000,000 × 6)", builds, "once per table");

            add("Tables", "first page (100 rows)", await TimeAsync(table, new TableQuery(0, 100), quick ? 5 : 20), "< 500 ms");
            add("Tables", "page at row 900,000", await TimeAsync(table, new TableQuery(899_999, 100), quick ? 5 : 20), "< 500 ms");
            add("Tables", "first sorted page (makes the index)", await TimeAsync(table, new TableQuery(0, 100, "amount", true), 1), "—");
            add("Tables", "sorted page (index made)", await TimeAsync(table, new TableQuery(0, 100, "amount", true), quick ? 5 : 20), "< 500 ms");
            add("Tables", "sorted page at row 900,000", await TimeAsync(table, new TableQuery(899_999, 100, "amount"), quick ? 5 : 20), "< 500 ms");
            var filter = TableFilterParser.Parse("label:contains:99", _columns);
            add("Tables", "filtered page (contains; first counts)", await TimeAsync(table, new TableQuery(0, 100, Filters: [filter]), 1), "—");
            add("Tables", "filtered page (count remembered)", await TimeAsync(table, new TableQuery(100, 100, Filters: [filter]), quick ? 5 : 20), "< 500 ms");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<double>> TimeAsync(TableData table, TableQuery query, int count)
    {
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            var page = await table.QueryAsync(query, CancellationToken.None);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            if (page.Rows.Count == 0)
            {
                throw new InvalidOperationException($"no rows for {query}");
            }
        }
        return samples;
    }

    private static IEnumerable<object?[]> Generate()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 0L; i < Rows; i++)
        {
            yield return
            [
                i, "label " + i.ToString(CultureInfo.InvariantCulture), Math.Round(Math.Sin(i) * 10_000, 2),
                start.AddSeconds(i * 37).ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture), "g" + (i % 17).ToString(CultureInfo.InvariantCulture), i % 3 == 0,
            ];
        }
    }
}
