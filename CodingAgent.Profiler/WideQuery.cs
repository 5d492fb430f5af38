using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>
/// Many aggregates over one table computed in as few scans as possible: every expression is named, the expressions
/// run in batches of one SELECT each (so a wide table does not make one huge statement), and the single result row
/// comes back by name.
/// </summary>
internal sealed class WideQuery
{
    private const int BatchSize = 1200;
    private readonly List<(string Key, string Sql)> _expressions = [];

    public void Add(string key, string sql) => _expressions.Add((key, sql));

    public int Count => _expressions.Count;

    /// <param name="from">The FROM clause: a table or a subquery that projects the columns the expressions use.</param>
    public Dictionary<string, object?> Run(DuckDbSession db, string from, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var start = 0; start < _expressions.Count; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = _expressions.Skip(start).Take(BatchSize).ToList();
            var select = string.Join(",\n", batch.Select((e, i) => e.Sql + " AS e" + i.ToString(CultureInfo.InvariantCulture)));
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            db.Query($"SELECT {select}\nFROM {from}", reader =>
            {
                reader.Read();
                for (var i = 0; i < batch.Count; i++)
                {
                    results[batch[i].Key] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                return 0;
            });
            ProfilerTrace.Write($"{batch.Count} aggregates from {batch[0].Key}", started);
        }
        return results;
    }
}
