using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// The wide pass's statistics of one text column whose values repeat, from its distinct raw values: one GROUP BY of the
/// raw text (a table of the groups with their row counts), where the marker test and the parse run once per group
/// instead of once per row; every count is the sum of the groups' row counts, so each is the same as the per-row one.
/// The approximate distinct count is the same too (HyperLogLog counts a set: each value once or many times gives the
/// same sketch); the mean and deviation are weighted by the counts (the same up to rounding). The bins, the
/// most frequent values (of all the rows, not only the sample's), the markers found and the examples of values that do not parse come from the groups as well.
/// </summary>
internal sealed class GroupedTextPass(DuckDbSession db)
{
    private const int MaxMarkerSpellings = 4_000;

    public void Run(string source, ColumnShape shape, Dictionary<string, object?> sample, Dictionary<string, object?> stats, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var (r, k, v) = (plan.R, plan.K, plan.V);
        var groups = SqlText.Identifier("groups_" + i);
        var raw = ColumnPlan.RawSql(plan.Name, plan.StorageType != "VARCHAR");
        var value = plan.ValueSql is { } parse ? $", {parse} AS {v}" : "";
        db.Execute($"CREATE OR REPLACE TEMP TABLE {groups} AS SELECT *{value} FROM (SELECT *, {plan.MarkerSql} AS {k} FROM (SELECT {r}, count(*) AS n FROM (SELECT {raw} AS {r} FROM {source}) GROUP BY {r}))");
        try
        {
            var query = new WideQuery();
            query.Add($"{i}.present", Rows($"{r} IS NOT NULL"));
            query.Add($"{i}.markers", Rows(k));
            query.Add($"{i}.whitespace", Rows($"NOT {k} AND ({r} LIKE ' %' OR {r} LIKE '% ')"));
            if (plan.ValueSql is not null)
            {
                var bad = $"(NOT {plan.MissingSql} AND {v} IS NULL)";
                query.Add($"{i}.min", $"min({v})");
                query.Add($"{i}.max", $"max({v})");
                query.Add($"{i}.bad", Rows(bad));
                query.Add($"{i}.badmin", $"min(CASE WHEN {bad} THEN {r} END)");
                query.Add($"{i}.badmax", $"max(CASE WHEN {bad} THEN {r} END)");
                if (plan.NumericText)
                {
                    query.Add($"{i}.numbertext", Rows($"{v} IS NOT NULL AND TRY_CAST({r} AS DOUBLE) IS NULL"));
                }
                for (var f = 0; f < plan.DateFormats.Count - 1 && plan.Kind == ValueKind.Time; f++)
                {
                    query.Add($"{i}.formatsupto{f.ToString(CultureInfo.InvariantCulture)}", Rows($"{plan.ParsedByFirstFormatsSql(f + 1)} IS NOT NULL"));
                }
                if (plan.Kind == ValueKind.Number)
                {
                    query.Add($"{i}.mean", $"sum(n * {v}) / {Rows($"{v} IS NOT NULL")}");
                    query.Add($"{i}.values", Rows($"{v} IS NOT NULL"));
                    if (DuckDbProfiler.Fences(shape, sample) is var (lower, upper))
                    {
                        query.Add($"{i}.outliers", Rows(string.Create(CultureInfo.InvariantCulture, $"{v} < {lower:R} OR {v} > {upper:R}")));
                    }
                }
                else
                {
                    query.Add($"{i}.epochmin", $"epoch(min({v}))");
                    query.Add($"{i}.epochmax", $"epoch(max({v}))");
                }
            }
            else
            {
                query.Add($"{i}.min", $"min({r})");
                query.Add($"{i}.max", $"max({r})");
            }
            query.Add($"{i}.distinct", $"approx_count_distinct({(plan.ValueSql is null ? r : v)})");
            foreach (var (key, result) in query.Run(db, groups, cancellationToken))
            {
                stats[key] = result;
            }
            if (plan.Kind == ValueKind.Number && plan.ValueSql is not null)
            {
                // the sample deviation around the mean just computed (two steps, as stddev_samp: no cancellation of large sums)
                var n = ProfileJson.Long(stats[$"{i}.values"]);
                stats[$"{i}.std"] = n > 1 && ProfileJson.Double(stats[$"{i}.mean"]) is { } mean
                    ? db.Query(string.Create(CultureInfo.InvariantCulture, $"SELECT sqrt(sum(n * ({v} - {mean:R}) * ({v} - {mean:R})) / {n - 1}) FROM {groups}"), reader => reader.Read() && !reader.IsDBNull(0) ? reader.GetDouble(0) : (double?)null)
                    : null;
            }
            if (plan.ValueSql is not null && shape.Type != ColumnTypes.Identifier && DuckDbProfiler.SampleRange(plan, sample) is { } range)
            {
                stats[$"{i}.histogram"] = db.Query($"SELECT b, sum(n) FROM (SELECT {DuckDbProfiler.BinSql(plan, range)} AS b, n FROM {groups}) WHERE b IS NOT NULL GROUP BY b", DuckDbProfiler.Counts);
            }
            if (ProfileJson.Long(stats[$"{i}.markers"]) > 0)
            {
                stats[$"{i}.markervalues"] = db.Query(string.Create(CultureInfo.InvariantCulture, $"SELECT {r}, n FROM {groups} WHERE {k} LIMIT {MaxMarkerSpellings}"), DuckDbProfiler.Counts);
            }
            if (plan.SampleDistinct <= 0.5 * plan.SampleValues)
            {
                // the most frequent of all the groups (not only of the sample's frequent values: a value frequent only
                // after the first rows is counted too)
                stats[$"{i}.top"] = db.Query(string.Create(CultureInfo.InvariantCulture,
                    $"SELECT {r}, n FROM {groups} WHERE {r} IS NOT NULL AND NOT {k} ORDER BY n DESC, {r} LIMIT {ProfileLimits.TopValues}"), DuckDbProfiler.Counts);
            }
        }
        finally
        {
            db.Execute($"DROP TABLE IF EXISTS {groups}");
        }
        ProfilerTrace.Write("grouped values of " + plan.R, started);
    }

    /// <summary>The rows of the groups that satisfy the condition (0 when none).</summary>
    private static string Rows(string condition) => $"coalesce(sum(CASE WHEN {condition} THEN n END), 0)";
}
