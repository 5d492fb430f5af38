using System.Collections;
using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// Profiles a loaded table in few scans. The type inference reads the first rows (shapes, frequent values, distinct
/// count). The sample's parsed values give the quartiles (and so the outlier fences) and the ranges the histograms
/// bin over. Categorical columns and columns with few values get everything from one GROUP BY of their raw values,
/// where only the groups are parsed; in long tables, text columns whose values repeat get theirs from a table of
/// their groups (<see cref="GroupedTextPass"/>). One wide aggregate over every row of the other columns counts missing values,
/// markers, whitespace, parse failures, numeric text, date formats and outliers, with min/max, mean/std, the bins of
/// values parsed from text (values outside the sample's range fall into the end bins) and an approximate distinct
/// count; narrow queries after it bin stored numbers and times, count the sample's frequent values and list the
/// markers found; exact distinct counts run one column at a time (dense integers as a bitstring of their range); one
/// more scan counts duplicate rows (as one of the passes, unless a likely key may show every row unique first).
/// Counts are counts of CASE expressions rather than aggregate FILTER clauses, which DuckDB evaluates more slowly.
/// </summary>
internal sealed class DuckDbProfiler(DuckDbSession db, long groupedTextFromRows)
{
    internal const int CategoryDistinctUpTo = 1_000;

    /// <summary>The longest bitstring an exact distinct count of integers uses (16 MB per thread).</summary>
    private const double MaxBits = 1 << 27;

    /// <summary>Range values per row up to which a bitstring counts integers faster than a hash table.</summary>
    private const double BitsPerRow = 4;

    /// <summary>Columns binned per GROUPING SETS query: each set keeps a hash table of its own.</summary>
    private const int BinBatch = 8;
    internal static IReadOnlyList<double> QuantileLevels { get; } = [0.05, 0.25, 0.5, 0.75, 0.95];

    /// <summary>The key of the duplicate rows' count among the passes' statistics (when it runs as one of them).</summary>
    private const string DuplicateRowsKey = "duplicaterows";

    public TableFacts Profile(LoadedTable table, Action<double> progress, CancellationToken cancellationToken)
    {
        var all = db.Query(
            $"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = {SqlText.Literal(table.SqlName)} ORDER BY column_index",
            reader =>
            {
                var list = new List<(string, string)>();
                while (reader.Read())
                {
                    list.Add((reader.GetString(0), reader.GetString(1)));
                }
                return list;
            });
        var columns = all.Take(ProfileLimits.MaxProfiledColumns).ToList();
        List<string> omitted = [.. all.Skip(ProfileLimits.MaxProfiledColumns).Select(c => c.Item1), .. table.OmittedColumns ?? []];
        var source = SqlText.Identifier(table.SqlName);
        var firstRows = SqlText.Identifier(table.SampleSqlName ?? table.SqlName);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // the sample's queries read one row group each (one thread): two at once, on two connections
        using var second = db.Duplicate();
        // the first rows are a table of their own (CSV) or the table's first rows (LIMIT, in insertion order)
        int? sampleLimit = table.SampleSqlName is null ? ColumnTypeInference.SampleRows : null;
        var plans = ColumnTypeInference.Plan(db, second, firstRows, sampleLimit is null, columns, cancellationToken);
        ProfilerTrace.Write("type inference", started);
        progress(0.15);

        var rows = db.Scalar($"SELECT count(*) FROM {source}");
        var shapes = plans.Select(p => Shape(p, rows)).ToList();
        var quantiles = SampleQuantiles(db, second, firstRows, shapes.Where(s => s.Plan.ValueSql is not null && s.Type != ColumnTypes.Identifier).ToList(), sampleLimit, cancellationToken);
        progress(0.25);

        // columns with few values (and categories) get every statistic from one GROUP BY of their raw values, where
        // only the groups are parsed; text columns whose values repeat, in a table of many rows, from a table of their
        // distinct values; the wide pass reads the rest. Each column's pass is independent of the others': they run on
        // two connections at once (the .NET side and the single-threaded parts of one overlap the other's scan).
        var stats = new Dictionary<string, object?>(StringComparer.Ordinal);
        var more = new Dictionary<string, object?>(StringComparer.Ordinal);
        var byGroups = new HashSet<int>();
        var fewValues = shapes.Where(s => s.Categories || Grouped(s, rows)).ToList();
        var grouped = shapes.Where(s => !fewValues.Contains(s) && GroupedText(s, rows, groupedTextFromRows)).ToList();
        var wide = shapes.Where(s => !fewValues.Contains(s) && !grouped.Contains(s)).ToList();
        // (a large table's scans keep both cores busy, and two hash tables at once press on the memory limit: one connection)
        var passes = new List<Func<DuckDbSession, PassOutcome>>();
        // the longest first, so that the two connections end together
        passes.AddRange(grouped.Select(shape => (Func<DuckDbSession, PassOutcome>)(session => new PassOutcome(shape, GroupedTextStats(session, source, shape, quantiles, cancellationToken)))));
        // the duplicate rows too, when no likely key can show every row unique (its exact distinct count comes from
        // the wide pass; with one, the count waits for it, below)
        var duplicatesSql = table.DuplicateRows is null && all.Count > 0 && rows > 0
            ? $"SELECT count(*) - count(DISTINCT hash({string.Join(", ", all.Select(c => SqlText.Identifier(c.Item1)))})) FROM {source}"
            : null;
        if (duplicatesSql is not null && !shapes.Any(s => s.ExactDistinct && !s.Categories))
        {
            var sql = duplicatesSql;
            duplicatesSql = null;
            passes.Add(session =>
            {
                var counting = System.Diagnostics.Stopwatch.GetTimestamp();
                var duplicateRows = session.Scalar(sql);
                ProfilerTrace.Write("duplicate rows", counting);
                return new PassOutcome(null, new Dictionary<string, object?>(StringComparer.Ordinal) { [DuplicateRowsKey] = duplicateRows });
            });
        }
        if (wide.Count > 0)
        {
            passes.Add(session => new PassOutcome(null, WidePass(session, source, wide, quantiles, rows, cancellationToken)));
        }
        passes.AddRange(fewValues.Select(shape => (Func<DuckDbSession, PassOutcome>)(session => new PassOutcome(shape, ByGroups(session, source, shape, quantiles, rows, cancellationToken)))));
        var fallback = new List<ColumnShape>();
        foreach (var outcome in TwoConnections.Run(db, rows <= DuckDbSession.TwoConnectionsUpToRows ? second : null, passes, cancellationToken))
        {
            if (outcome.Stats is null)
            {
                // a column with more values than its GROUP BY may return
                fallback.Add(outcome.Shape!);
                continue;
            }
            if (outcome.Shape is { } shape)
            {
                byGroups.Add(shape.Plan.Index);
            }
            foreach (var (key, value) in outcome.Stats)
            {
                (key.EndsWith(".categories", StringComparison.Ordinal) || key.EndsWith(".exactdistinct", StringComparison.Ordinal) ? more : stats)[key] = value;
            }
        }
        // (seldom any) the columns whose values were too many for their GROUP BY: from their distinct values or the wide pass
        var groupedLater = fallback.Where(s => GroupedText(s, rows, groupedTextFromRows)).ToList();
        foreach (var shape in groupedLater)
        {
            foreach (var (key, value) in GroupedTextStats(db, source, shape, quantiles, cancellationToken))
            {
                stats[key] = value;
            }
            byGroups.Add(shape.Plan.Index);
        }
        grouped.AddRange(groupedLater);
        var wideLater = fallback.Where(s => !groupedLater.Contains(s)).ToList();
        if (wideLater.Count > 0)
        {
            foreach (var (key, value) in WidePass(db, source, wideLater, quantiles, rows, cancellationToken))
            {
                stats[key] = value;
            }
        }
        DateFormatRows(grouped, stats);
        progress(0.75);

        // examples of the values that do not parse, only for the columns that have some (seldom any)
        var examples = new WideQuery();
        var unparsed = plans.Where(p => p.TextStorage && p.ValueSql is not null && !byGroups.Contains(p.Index) && ProfileJson.Long(stats.GetValueOrDefault($"{p.Index.ToString(CultureInfo.InvariantCulture)}.bad")) > 0).ToList();
        foreach (var plan in unparsed)
        {
            var i = plan.Index.ToString(CultureInfo.InvariantCulture);
            var bad = $"(NOT {plan.MissingSql} AND {plan.V} IS NULL)";
            examples.Add($"{i}.badmin", $"min(CASE WHEN {bad} THEN {plan.R} END)");
            examples.Add($"{i}.badmax", $"max(CASE WHEN {bad} THEN {plan.R} END)");
        }
        if (examples.Count > 0)
        {
            foreach (var (key, value) in examples.Run(db, From(source, unparsed, null), cancellationToken))
            {
                stats[key] = value;
            }
        }

        progress(0.85);

        started = System.Diagnostics.Stopwatch.GetTimestamp();
        // a column whose every row holds a value of its own makes every row unique: no scan needed
        var uniqueColumn = shapes.Any(s => more.ContainsKey($"{s.Plan.Index.ToString(CultureInfo.InvariantCulture)}.exactdistinct")
            && ProfileJson.Long(more[$"{s.Plan.Index.ToString(CultureInfo.InvariantCulture)}.exactdistinct"]) == rows);
        var duplicates = table.DuplicateRows
            ?? (stats.Remove(DuplicateRowsKey, out var counted) ? ProfileJson.Long(counted)
            : duplicatesSql is null || uniqueColumn ? 0
            : db.Scalar(duplicatesSql));
        ProfilerTrace.Write("duplicate rows", started);
        progress(0.95);

        var facts = shapes.Select(s => Facts(s, quantiles, stats, more, rows)).ToList();
        var profile = new TableProfile(table.Name, table.Sheet, rows, all.Count + (table.OmittedColumns?.Count ?? 0), table.SizeBytes, duplicates, table.Read,
            [.. facts.Select(f => f.Profile)], omitted.Count == 0 ? null : omitted);
        return new TableFacts(profile, facts);
    }

    /// <summary>A column's pass (or the wide pass, <paramref name="Shape"/> null) and its statistics; null: the column holds more values than its GROUP BY may return.</summary>
    private sealed record PassOutcome(ColumnShape? Shape, Dictionary<string, object?>? Stats);

    /// <summary>
    /// The sample's quartiles (and 5th and 95th percentiles) of each number column and the range of each number and time
    /// column, in two queries of about equal cost (a value parsed from text costs several times a stored one) on two
    /// connections at once.
    /// </summary>
    private static Dictionary<string, object?> SampleQuantiles(DuckDbSession db, DuckDbSession second, string firstRows, List<ColumnShape> measured, int? sampleLimit, CancellationToken cancellationToken)
    {
        var halves = new[] { new List<ColumnShape>(), new List<ColumnShape>() };
        var costs = new int[2];
        foreach (var shape in measured.OrderByDescending(SampleCost))
        {
            var lighter = costs[0] <= costs[1] ? 0 : 1;
            halves[lighter].Add(shape);
            costs[lighter] += SampleCost(shape);
        }
        var queries = halves.Where(h => h.Count > 0).Select(half => (Func<DuckDbSession, Dictionary<string, object?>>)(session =>
        {
            var sample = new WideQuery();
            foreach (var shape in half.OrderBy(s => s.Plan.Index))
            {
                var i = shape.Plan.Index.ToString(CultureInfo.InvariantCulture);
                if (shape.Plan.Kind == ValueKind.Number)
                {
                    sample.Add($"{i}.quantiles", $"quantile_cont({shape.Plan.V}, [{string.Join(", ", QuantileLevels.Select(q => q.ToString(CultureInfo.InvariantCulture)))}])");
                }
                sample.Add($"{i}.samplemin", $"{Epoch(shape.Plan, $"min({shape.Plan.V})")}");
                sample.Add($"{i}.samplemax", $"{Epoch(shape.Plan, $"max({shape.Plan.V})")}");
            }
            return sample.Run(session, From(firstRows, half.OrderBy(s => s.Plan.Index).Select(s => s.Plan), sampleLimit), cancellationToken);
        })).ToList();
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var part in TwoConnections.Run(db, second, queries, cancellationToken))
        {
            foreach (var (key, value) in part)
            {
                merged[key] = value;
            }
        }
        return merged;

        // values parsed from text (money, dates in several formats) cost several times a stored value
        static int SampleCost(ColumnShape shape) => shape.Plan.TextStorage ? 4 : 1;
    }

    /// <summary>
    /// The wide pass over <paramref name="wide"/>, what follows it (<see cref="AfterWidePass"/>) and the exact distinct
    /// counts of its likely keys (<c>.exactdistinct</c>; on the same connection, while the other runs other passes).
    /// </summary>
    private static Dictionary<string, object?> WidePass(DuckDbSession session, string source, List<ColumnShape> wide, Dictionary<string, object?> sample, long rows, CancellationToken cancellationToken)
    {
        var first = new WideQuery();
        foreach (var shape in wide)
        {
            AddFirstPass(first, shape, sample);
        }
        var stats = first.Run(session, From(source, wide.Select(s => s.Plan), null), cancellationToken);
        AfterWidePass(session, source, wide, sample, stats, cancellationToken);
        // one column at a time, as a parallel SELECT DISTINCT (a third faster than count(DISTINCT …) in an aggregate),
        // so that 500 columns never hold more than one hash table
        foreach (var shape in wide.Where(s => s.ExactDistinct && !s.Categories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var counting = System.Diagnostics.Stopwatch.GetTimestamp();
            var plan = shape.Plan;
            stats[$"{plan.Index.ToString(CultureInfo.InvariantCulture)}.exactdistinct"] = DenseIntegers(plan, stats, rows) is var (low, high)
                ? session.Scalar(string.Create(CultureInfo.InvariantCulture, $"SELECT coalesce(bit_count(bitstring_agg({plan.R}, {low}, {high})), 0) FROM {From(source, [plan], null)}"))
                : session.Scalar($"SELECT count(*) FROM (SELECT DISTINCT m FROM (SELECT {Measured(plan)} AS m FROM {From(source, [plan], null)} WHERE NOT {plan.MissingSql}) WHERE m IS NOT NULL)");
            ProfilerTrace.Write("exact distinct count of " + plan.R, counting);
        }
        return stats;
    }

    private static Dictionary<string, object?> GroupedTextStats(DuckDbSession session, string source, ColumnShape shape, Dictionary<string, object?> sample, CancellationToken cancellationToken)
    {
        var stats = new Dictionary<string, object?>(StringComparer.Ordinal);
        new GroupedTextPass(session).Run(source, shape, sample, stats, cancellationToken);
        return stats;
    }

    /// <summary>
    /// The range of a stored integer column when it is dense enough (at most <see cref="BitsPerRow"/> values per row,
    /// <see cref="MaxBits"/> in all) for its exact distinct count to be the bits set in a bitstring of the range: one
    /// bit per row instead of a hash table of every value (a fourth of the time for a key).
    /// </summary>
    private static (long Low, long High)? DenseIntegers(ColumnPlan plan, Dictionary<string, object?> stats, long rows)
    {
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        if (plan.TextStorage || plan.StorageType is not ("TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER")
            || stats.GetValueOrDefault($"{i}.min") is not { } min || stats.GetValueOrDefault($"{i}.max") is not { } max)
        {
            return null;
        }
        var (low, high) = (ProfileJson.Long(min), ProfileJson.Long(max));
        var bits = (double)high - low + 1;
        return bits <= MaxBits && bits <= Math.Max(1 << 20, BitsPerRow * (double)rows) ? (low, high) : null;
    }

    /// <summary>
    /// Whether a text column (not a likely key, not one with few values) is profiled from a GROUP BY of its raw values
    /// (<see cref="GroupedTextPass"/>): in a table of more rows than <see cref="ProfilerSettings.GroupedTextFromRows"/>, when the sample's values repeat at all;
    /// the parse and the marker test then run once per distinct value. (A small table is one cheap pass for all columns.)
    /// </summary>
    internal static bool GroupedText(ColumnShape shape, long rows, long groupedTextFromRows) =>
        shape.Plan.TextStorage && !shape.Categories && !shape.ExactDistinct && rows > groupedTextFromRows
        && shape.Plan.SampleDistinct <= 0.95 * shape.Plan.SampleValues;

    /// <summary>
    /// Whether a GROUP BY over the column gives its exact distinct count and top values for less than the approximate
    /// count and the frequent-value counts cost in the wide pass: the sample shows few values (at most
    /// <see cref="CategoryDistinctUpTo"/>, each repeated 20 times on average), or the column holds stored numbers or
    /// times whose values repeat (<see cref="StoredRepeating"/>).
    /// </summary>
    internal static bool Grouped(ColumnShape shape, long rows) =>
        !shape.Categories && !shape.ExactDistinct && shape.Plan.SampleValues >= 1_000
        && ((shape.Plan.SampleDistinct <= CategoryDistinctUpTo && shape.Plan.SampleDistinct * 20 <= shape.Plan.SampleValues) || StoredRepeating(shape, rows));

    /// <summary>
    /// A column of stored numbers or times (not text) whose sample holds at most half as many distinct values as
    /// values, in a table of at least <see cref="RowsPerStoredGroup"/> rows for each of them: a hash GROUP BY of the
    /// stored values (integers and doubles hash cheaply) costs a sixth of what the wide pass spends on its approximate
    /// distinct count (HyperLogLog), its bins and its frequent-value counts (at 1 GiB 0.1 s against 0.7 s for two such
    /// columns), and it counts distinct and top values exactly. (Fewer rows per value: reading the groups costs more
    /// than the wide pass saves, 35 ms more at 10 MB.)
    /// </summary>
    internal static bool StoredRepeating(ColumnShape shape, long rows) =>
        !shape.Plan.TextStorage && shape.Plan.ValueSql is not null && shape.Type != ColumnTypes.Identifier
        && shape.Plan.SampleDistinct * 2 <= shape.Plan.SampleValues && shape.Plan.SampleDistinct * 4 <= MaxStoredGroups
        && rows >= RowsPerStoredGroup * shape.Plan.SampleDistinct;

    /// <summary>Rows per distinct value of the sample from which <see cref="StoredRepeating"/> columns are profiled from their groups.</summary>
    private const int RowsPerStoredGroup = 25;

    /// <summary>Groups a <see cref="StoredRepeating"/> column may have (more: the wide pass profiles it after all).</summary>
    internal const int MaxStoredGroups = 200_000;

    /// <summary>
    /// Every statistic the wide pass would give a column with few values (or a categorical one), from one GROUP BY of
    /// its raw values where only the groups are parsed and tested: missing values, markers, whitespace, parse failures,
    /// numeric text, date formats, outliers, extremes, mean and deviation, bins, the exact distinct count and the top
    /// values (for categories every value's count); null when the column holds more values than a GROUP BY should return.
    /// </summary>
    private static Dictionary<string, object?>? ByGroups(DuckDbSession db, string source, ColumnShape shape, Dictionary<string, object?> sample, long rows, CancellationToken cancellationToken)
    {
        var plan = shape.Plan;
        var range = plan.ValueSql is not null && shape.Type != ColumnTypes.Identifier ? SampleRange(plan, sample) : null;
        var fences = plan.Kind == ValueKind.Number ? Fences(shape, sample) : null;
        cancellationToken.ThrowIfCancellationRequested();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var limit = StoredRepeating(shape, rows) ? MaxStoredGroups : CategoryDistinctUpTo * 4;
        var r = plan.R;
        var raw = ColumnPlan.RawSql(plan.Name, plan.TextStorage && plan.StorageType != "VARCHAR");
        var grouped = string.Create(CultureInfo.InvariantCulture,
            $"(SELECT {r}, count(*) AS n FROM (SELECT {raw} AS {r} FROM {source}) WHERE {r} IS NOT NULL GROUP BY {r} LIMIT {limit + 1})");
        var marked = $"(SELECT *, {(plan.TextStorage ? plan.MarkerSql : "false")} AS {plan.K} FROM {grouped})";
        var parsed = plan.ValueSql is { } value ? $"(SELECT *, {value} AS {plan.V} FROM {marked})" : marked;
        var measured = plan.ValueSql is not null ? plan.V : plan.TextStorage ? $"(CASE WHEN NOT {plan.K} THEN {r} END)" : r;
        var scale = plan.ValueSql is null ? "NULL" : $"CAST({Epoch(plan, plan.V)} AS DOUBLE)";
        var bad = plan.TextStorage && plan.ValueSql is not null ? $"(NOT {plan.K} AND {plan.V} IS NULL)" : "false";
        var numberText = plan.TextStorage && plan.NumericText ? $"({plan.V} IS NOT NULL AND TRY_CAST({r} AS DOUBLE) IS NULL)" : "false";
        var format = plan.TextStorage && plan.Kind == ValueKind.Time && plan.DateFormats.Count > 1 ? $"(CASE WHEN {plan.V} IS NOT NULL THEN {plan.FormatIndexSql} END)" : "NULL";
        var extreme = plan.ValueSql is not null ? plan.V : r;
        // the extremes as the wide pass computes them, over the groups (the same values, so the same result)
        var select = string.Join(", ",
            r, "n", plan.K, measured, scale, bad, numberText, format,
            $"min({extreme}) OVER ()", $"max({extreme}) OVER ()",
            $"min(CASE WHEN {bad} THEN {r} END) OVER ()", $"max(CASE WHEN {bad} THEN {r} END) OVER ()");
        var (groups, extremes) = db.Query($"SELECT {select} FROM {parsed}", reader =>
        {
            var list = new List<GroupRow>();
            // the extremes are the same in every row: read once
            object?[] extremes = [null, null, null, null];
            while (reader.Read())
            {
                if (list.Count == 0)
                {
                    for (var e = 0; e < extremes.Length; e++)
                    {
                        extremes[e] = reader.IsDBNull(8 + e) ? null : reader.GetValue(8 + e);
                    }
                }
                list.Add(new GroupRow(reader.GetValue(0), ProfileJson.Long(reader.GetValue(1)), reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : reader.GetValue(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetBoolean(5), reader.GetBoolean(6),
                    reader.IsDBNull(7) ? null : reader.GetInt32(7)));
            }
            return (list, extremes);
        });
        ProfilerTrace.Write("values of " + r, started);
        if (groups.Count > limit)
        {
            return null;
        }
        var values = groups.Where(g => !g.Marker).ToList();
        var stats = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [$"{i}.present"] = groups.Sum(g => g.Count),
            [$"{i}.markers"] = groups.Where(g => g.Marker).Sum(g => g.Count),
            [$"{i}.whitespace"] = values.Where(g => g.Key is string text && (text.StartsWith(' ') || text.EndsWith(' '))).Sum(g => g.Count),
            [$"{i}.bad"] = groups.Where(g => g.Bad).Sum(g => g.Count),
            [$"{i}.numbertext"] = groups.Where(g => g.NumberText).Sum(g => g.Count),
            [$"{i}.min"] = extremes[0],
            [$"{i}.max"] = extremes[1],
            [$"{i}.badmin"] = extremes[2],
            [$"{i}.badmax"] = extremes[3],
            [$"{i}.distinct"] = (long)groups.Where(g => g.Measured is not null).Select(g => g.Measured).Distinct().Count(),
        };
        if (plan.TextStorage)
        {
            stats[$"{i}.markervalues"] = groups.Where(g => g.Marker).ToDictionary(g => g.Value, g => g.Count, StringComparer.Ordinal);
        }
        if (format != "NULL")
        {
            stats[$"{i}.formats"] = groups.Where(g => g.Format is not null).GroupBy(g => g.Format!.Value)
                .ToDictionary(f => f.Key.ToString(CultureInfo.InvariantCulture), f => f.Sum(g => g.Count), StringComparer.Ordinal);
        }
        var scaled = groups.Where(g => g.Scale is not null).Select(g => (Value: g.Scale!.Value, g.Count)).ToList();
        if (plan.Kind == ValueKind.Time && scaled.Count > 0)
        {
            stats[$"{i}.epochmin"] = scaled.Min(g => g.Value);
            stats[$"{i}.epochmax"] = scaled.Max(g => g.Value);
        }
        if (plan.Kind == ValueKind.Number && scaled.Count > 0)
        {
            var n = scaled.Sum(g => g.Count);
            var mean = scaled.Sum(g => g.Value * g.Count) / n;
            stats[$"{i}.mean"] = mean;
            stats[$"{i}.std"] = n > 1 ? Math.Sqrt(scaled.Sum(g => (g.Value - mean) * (g.Value - mean) * g.Count) / (n - 1)) : null;
            if (fences is var (lower, upper))
            {
                stats[$"{i}.outliers"] = scaled.Where(g => g.Value < lower || g.Value > upper).Sum(g => g.Count);
            }
        }
        if (range is { } binned)
        {
            var bins = new Dictionary<int, long>();
            foreach (var (scaleValue, count) in scaled)
            {
                var bin = Bin(scaleValue, binned);
                bins[bin] = bins.GetValueOrDefault(bin) + count;
            }
            stats[$"{i}.histogram"] = bins;
        }
        stats[$"{i}.top"] = Top(values, ProfileLimits.TopValues);
        // a categorical column's every value, blanks and null markers left out (not when it holds too many)
        if (shape.Categories && values.Count <= CategoryDistinctUpTo && rows > 0)
        {
            stats[$"{i}.categories"] = values.ToDictionary(g => g.Value, g => g.Count, StringComparer.Ordinal);
        }
        return stats;
    }

    /// <summary>
    /// The <paramref name="count"/> most frequent groups as text → rows, ties in ordinal order of the text; the text is
    /// made only for the groups of at least the count-th largest row count (a column of 50,000 numbers: a few dozen).
    /// </summary>
    private static Dictionary<string, long> Top(List<GroupRow> values, int count)
    {
        var least = new PriorityQueue<long, long>(count + 1);
        foreach (var group in values)
        {
            least.Enqueue(group.Count, group.Count);
            if (least.Count > count)
            {
                least.Dequeue();
            }
        }
        var threshold = least.Count == 0 ? long.MaxValue : least.Peek();
        return values.Where(g => g.Count >= threshold)
            .Select(g => (g.Value, g.Count))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Value, StringComparer.Ordinal)
            .Take(count)
            .ToDictionary(g => g.Value, g => g.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// What the wide pass leaves out (each histogram() in it costs a per-row hash insert, and any one makes DuckDB run
    /// it as a hash aggregate): the rows of each date format from its cumulative counts; the marker values of the
    /// columns that have markers (seldom any); the bins of the stored number and time columns, from one narrow GROUP BY
    /// of bin numbers (the bins of values parsed from text stay in the wide pass, which parses them anyway); the counts of the sample's most frequent values, by a filtered scan of each column.
    /// </summary>
    private static void AfterWidePass(DuckDbSession db, string source, List<ColumnShape> wide, Dictionary<string, object?> sample, Dictionary<string, object?> stats, CancellationToken cancellationToken)
    {
        long Get(ColumnPlan plan, string key) => ProfileJson.Long(stats.GetValueOrDefault($"{plan.Index.ToString(CultureInfo.InvariantCulture)}.{key}"));
        DateFormatRows(wide, stats);
        foreach (var plan in wide.Select(s => s.Plan).Where(p => p.TextStorage && Get(p, "markers") > 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            stats[$"{plan.Index.ToString(CultureInfo.InvariantCulture)}.markervalues"] = db.Query(
                string.Create(CultureInfo.InvariantCulture, $"SELECT {plan.R}, count(*) FROM (SELECT {plan.R}, {plan.MarkerSql} AS {plan.K} FROM (SELECT {ColumnPlan.RawSql(plan.Name, plan.StorageType != "VARCHAR")} AS {plan.R} FROM {source})) WHERE {plan.K} GROUP BY {plan.R} LIMIT {CategoryDistinctUpTo * 4}"),
                Counts);
        }
        // a few columns per query: each grouping set keeps a hash table of its own
        foreach (var binned in wide.Where(s => !s.Plan.TextStorage && s.Plan.ValueSql is not null && s.Type != ColumnTypes.Identifier && SampleRange(s.Plan, sample) is not null).Select(s => s.Plan).Chunk(BinBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var bins = binned.Select((p, j) => $"{BinSql(p, SampleRange(p, sample)!.Value)} AS b{j.ToString(CultureInfo.InvariantCulture)}");
            var names = binned.Select((_, j) => "b" + j.ToString(CultureInfo.InvariantCulture)).ToList();
            var counts = binned.Select(_ => new Dictionary<int, long>()).ToList();
            db.Query($"SELECT {string.Join(", ", names)}, {string.Join(", ", names.Select(b => $"grouping({b})"))}, count(*) FROM (SELECT {string.Join(", ", bins)} FROM {From(source, binned, null)}) GROUP BY GROUPING SETS ({string.Join(", ", names.Select(b => $"({b})"))})", reader =>
            {
                while (reader.Read())
                {
                    var j = Enumerable.Range(0, names.Count).First(k => ProfileJson.Long(reader.GetValue(names.Count + k)) == 0);
                    if (!reader.IsDBNull(j))
                    {
                        counts[j][reader.GetInt32(j)] = ProfileJson.Long(reader.GetValue(2 * names.Count));
                    }
                }
                return 0;
            });
            for (var j = 0; j < binned.Length; j++)
            {
                stats[$"{binned[j].Index.ToString(CultureInfo.InvariantCulture)}.histogram"] = counts[j];
            }
            ProfilerTrace.Write("bins", started);
        }
        // frequent values are counted where values repeat (mostly unique columns have no telling top values)
        foreach (var plan in wide.Select(s => s.Plan).Where(p => p.SampleDistinct <= 0.5 * p.SampleValues && p.TopCandidates is { Count: > 0 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var literals = plan.TopCandidates!.Select(c => plan.TextStorage ? SqlText.Literal(c) : $"CAST({SqlText.Literal(c)} AS {plan.StorageType})");
            var raw = ColumnPlan.RawSql(plan.Name, plan.TextStorage && plan.StorageType != "VARCHAR");
            stats[$"{plan.Index.ToString(CultureInfo.InvariantCulture)}.top"] = db.Query(
                $"SELECT {plan.R}, count(*) FROM (SELECT {raw} AS {plan.R} FROM {source}) WHERE {plan.R} IN ({string.Join(", ", literals)}) GROUP BY {plan.R}", Counts);
            ProfilerTrace.Write("top values of " + plan.R, started);
        }
    }

    /// <summary>The rows of each date format of the text time columns, from the cumulative counts of the first k formats.</summary>
    private static void DateFormatRows(List<ColumnShape> shapes, Dictionary<string, object?> stats)
    {
        long Get(ColumnPlan plan, string key) => ProfileJson.Long(stats.GetValueOrDefault($"{plan.Index.ToString(CultureInfo.InvariantCulture)}.{key}"));
        foreach (var plan in shapes.Select(s => s.Plan).Where(p => p.TextStorage && p.Kind == ValueKind.Time && p.DateFormats.Count > 1))
        {
            var parsed = Get(plan, "present") - Get(plan, "markers") - Get(plan, "bad");
            var upTo = Enumerable.Range(0, plan.DateFormats.Count).Select(k => k == plan.DateFormats.Count - 1 ? parsed : Get(plan, "formatsupto" + k.ToString(CultureInfo.InvariantCulture))).ToList();
            stats[$"{plan.Index.ToString(CultureInfo.InvariantCulture)}.formats"] = upTo
                .Select((n, k) => (Key: k.ToString(CultureInfo.InvariantCulture), Rows: n - (k == 0 ? 0 : upTo[k - 1])))
                .ToDictionary(f => f.Key, f => f.Rows, StringComparer.Ordinal);
        }
    }

    /// <summary>(value, count) rows as a map from the value (as DuckDB returns it) to its count.</summary>
    internal static Dictionary<object, long> Counts(System.Data.Common.DbDataReader reader)
    {
        var map = new Dictionary<object, long>();
        while (reader.Read())
        {
            map[reader.GetValue(0)] = ProfileJson.Long(reader.GetValue(1));
        }
        return map;
    }

    /// <summary>
    /// The table as the aggregates read it, each derived value computed once per row in nested projections: raw (r),
    /// then blank-or-marker (k), then the parsed number or time (v); <paramref name="limit"/> reads only the first rows.
    /// </summary>
    private static string From(string source, IEnumerable<ColumnPlan> needed, int? limit)
    {
        // only the columns a query reads: DuckDB computes every projected expression, read or not
        var plans = needed.ToList();
        var raw = plans.Select(p => $"{ColumnPlan.RawSql(p.Name, p.TextStorage && p.StorageType != "VARCHAR")} AS {p.R}").DefaultIfEmpty("1 AS one");
        var markers = plans.Where(p => p.TextStorage).Select(p => $"{p.MarkerSql} AS {p.K}").Prepend("*");
        var values = plans.Where(p => p.ValueSql is not null).Select(p => $"{p.ValueSql} AS {p.V}").Prepend("*");
        var rows = limit is { } n ? " LIMIT " + n.ToString(CultureInfo.InvariantCulture) : "";
        return $"(SELECT {string.Join(", ", values)} FROM (SELECT {string.Join(", ", markers)} FROM (SELECT {string.Join(", ", raw)} FROM {source}{rows})))";
    }

    /// <summary>The expression whose distinct values and extremes describe the column: the parsed value, else the stored one.</summary>
    private static string Measured(ColumnPlan plan) => plan.ValueSql is null ? plan.R : plan.V;

    /// <summary>
    /// The column's final type (text settles into categorical, text or identifier by the sample's distinct share) and
    /// what the full scans measure: every category, an exact distinct count (few values, or a likely key), or an approximate one.
    /// </summary>
    internal static ColumnShape Shape(ColumnPlan plan, long rows)
    {
        var sampled = Math.Max(1, plan.SampleValues);
        var ratio = (double)plan.SampleDistinct / sampled;
        var whole = rows <= ColumnTypeInference.SampleRows;
        // the sample holds the whole table: its distinct count is exact
        var key = KeyNames.LooksLikeKey(plan.Name);
        var type = plan.Type;
        if (type == ColumnTypes.Text && plan.SampleValues > 0)
        {
            var distinct = plan.SampleDistinct;
            type = (key && ratio >= 0.9) || (ratio >= 0.99 && plan.SampleValues >= 20 && plan.Examples.All(e => e.Length <= 64 && !e.Contains(' ', StringComparison.Ordinal)))
                ? ColumnTypes.Identifier
                : (distinct <= 50 && distinct * 2 <= sampled) || (ratio <= 0.05 && distinct <= CategoryDistinctUpTo)
                    ? ColumnTypes.Categorical
                    : ColumnTypes.Text;
        }
        else if (type == ColumnTypes.Integer && key && plan.SampleValues > 0 && ratio >= 0.99)
        {
            type = ColumnTypes.Identifier;
        }
        var keyCandidate = plan.SampleValues > 1 && ratio >= 0.9 && (type == ColumnTypes.Identifier || (key && type is ColumnTypes.Integer or ColumnTypes.Text or ColumnTypes.Categorical));
        var categories = plan.TextStorage && plan.Kind == ValueKind.None && type is ColumnTypes.Categorical or ColumnTypes.Boolean;
        return new ColumnShape(plan, type, categories, keyCandidate && !whole, keyCandidate);
    }

    /// <summary>How many rows satisfy the condition: a count of a CASE (cheaper in DuckDB than an aggregate FILTER).</summary>
    private static string CountWhere(string condition) => $"count(CASE WHEN {condition} THEN 1 END)";

    /// <summary>The time value in seconds since 1970 (the histogram's and the range's scale); numbers as they are.</summary>
    private static string Epoch(ColumnPlan plan, string value) => plan.Kind == ValueKind.Number ? value : $"epoch({value})";

    private static void AddFirstPass(WideQuery query, ColumnShape shape, Dictionary<string, object?> sample)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var r = plan.R;
        // missing: NULL (rows less the cheap count of values) or, for text, blank or a marker
        query.Add($"{i}.present", $"count({r})");
        if (plan.TextStorage)
        {
            query.Add($"{i}.markers", CountWhere(plan.K));
            query.Add($"{i}.whitespace", CountWhere($"NOT {plan.K} AND ({r} LIKE ' %' OR {r} LIKE '% ')"));
        }
        if (plan.ValueSql is not null)
        {
            var value = plan.V;
            query.Add($"{i}.min", $"min({value})");
            query.Add($"{i}.max", $"max({value})");
            if (plan.TextStorage)
            {
                var bad = $"(NOT {plan.MissingSql} AND {value} IS NULL)";
                query.Add($"{i}.bad", CountWhere(bad));
                if (plan.NumericText)
                {
                    query.Add($"{i}.numbertext", CountWhere($"{value} IS NOT NULL AND TRY_CAST({r} AS DOUBLE) IS NULL"));
                }
                // the rows the first k + 1 formats parse (the last: all parsed rows); their differences count each format
                for (var k = 0; k < plan.DateFormats.Count - 1 && plan.Kind == ValueKind.Time; k++)
                {
                    query.Add($"{i}.formatsupto{k.ToString(CultureInfo.InvariantCulture)}", $"count({plan.ParsedByFirstFormatsSql(k + 1)})");
                }
            }
            // bins of values parsed from text here (a second pass would parse them again); those of stored numbers and
            // times come from a narrow GROUP BY after the pass
            if (plan.TextStorage && shape.Type != ColumnTypes.Identifier && SampleRange(plan, sample) is { } range)
            {
                query.Add($"{i}.histogram", $"histogram({BinSql(plan, range)})");
            }
            if (plan.Kind == ValueKind.Number)
            {
                query.Add($"{i}.mean", $"avg({value})");
                query.Add($"{i}.std", $"stddev_samp({value})");
                if (Fences(shape, sample) is var (lower, upper))
                {
                    query.Add($"{i}.outliers", CountWhere(string.Create(CultureInfo.InvariantCulture, $"{value} < {lower:R} OR {value} > {upper:R}")));
                }
            }
            else
            {
                query.Add($"{i}.epochmin", $"epoch(min({value}))");
                query.Add($"{i}.epochmax", $"epoch(max({value}))");
            }
        }
        else
        {
            query.Add($"{i}.min", $"min({r})");
            query.Add($"{i}.max", $"max({r})");
        }
        // (columns with few values and categories come here only when they hold more values than their groups may)
        if (!shape.ExactDistinct)
        {
            query.Add($"{i}.distinct", $"approx_count_distinct({Measured(plan)})");
        }
    }

    /// <summary>
    /// The bin of the column's value over the sample's range (NULL when missing); values outside it (the sample is the
    /// first rows) fall into the end bins (clamped in double precision, so no extreme value overflows the bin number).
    /// </summary>
    internal static string BinSql(ColumnPlan plan, (double Low, double High) range)
    {
        var width = (range.High - range.Low) / ProfileLimits.HistogramBins;
        return string.Create(CultureInfo.InvariantCulture,
            $"(CASE WHEN {plan.V} IS NOT NULL THEN CAST(least(greatest(floor(({Epoch(plan, plan.V)} - {range.Low:R}) / {width:R}), 0), {ProfileLimits.HistogramBins - 1}) AS INTEGER) END)");
    }

    /// <summary>The bin <see cref="BinSql"/> puts a value in (seconds for times).</summary>
    internal static int Bin(double value, (double Low, double High) range) =>
        (int)Math.Clamp(Math.Floor((value - range.Low) / ((range.High - range.Low) / ProfileLimits.HistogramBins)), 0, ProfileLimits.HistogramBins - 1);

    /// <summary>The range of the sample's values (seconds for times), when it is not a single value.</summary>
    internal static (double Low, double High)? SampleRange(ColumnPlan plan, Dictionary<string, object?> sample)
    {
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        return (ProfileJson.Double(sample.GetValueOrDefault($"{i}.samplemin")), ProfileJson.Double(sample.GetValueOrDefault($"{i}.samplemax"))) is ({ } lo, { } hi) && hi > lo
            ? (lo, hi)
            : null;
    }

    private static (double? Low, double? High) Range(ColumnPlan plan, Dictionary<string, object?> stats)
    {
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        return plan.Kind == ValueKind.Number
            ? (ProfileJson.Double(stats.GetValueOrDefault($"{i}.min")), ProfileJson.Double(stats.GetValueOrDefault($"{i}.max")))
            : (ProfileJson.Double(stats.GetValueOrDefault($"{i}.epochmin")), ProfileJson.Double(stats.GetValueOrDefault($"{i}.epochmax")));
    }

    private static List<double?>? Quantiles(ColumnPlan plan, Dictionary<string, object?> quantiles) =>
        quantiles.GetValueOrDefault($"{plan.Index.ToString(CultureInfo.InvariantCulture)}.quantiles") is IEnumerable q
            ? q.Cast<object?>().Select(ProfileJson.Double).ToList()
            : null;

    /// <summary>The 1.5 × IQR fences of a number column (whole numbers for integers) from the sample's quartiles, when they differ.</summary>
    internal static (double Lower, double Upper)? Fences(ColumnShape shape, Dictionary<string, object?> quantiles)
    {
        if (shape.Type == ColumnTypes.Identifier || Quantiles(shape.Plan, quantiles) is not { Count: 5 } q || q[1] is not { } q1 || q[3] is not { } q3 || q3 <= q1)
        {
            return null;
        }
        var iqr = q3 - q1;
        var (lower, upper) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        return shape.Type == ColumnTypes.Integer ? (Math.Ceiling(lower), Math.Floor(upper)) : (lower, upper);
    }

    internal static ColumnFacts Facts(ColumnShape shape, Dictionary<string, object?> quantiles, Dictionary<string, object?> stats, Dictionary<string, object?> more, long rows)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        long Get(Dictionary<string, object?> from, string key) => ProfileJson.Long(from.GetValueOrDefault($"{i}.{key}"));
        var nulls = rows - Get(stats, "present") + Get(stats, "markers");
        var distinct = more.ContainsKey($"{i}.exactdistinct") ? Get(more, "exactdistinct")
            : rows <= ColumnTypeInference.SampleRows ? plan.SampleDistinct
            : Math.Min(rows - nulls, Get(stats, "distinct"));
        IReadOnlyList<TopValue> top;
        var caseVariants = new Dictionary<string, string>(StringComparer.Ordinal);
        var caseRows = 0L;
        if (more.GetValueOrDefault($"{i}.categories") is IDictionary categories)
        {
            // most frequent first: the GROUP BY returns its groups in any order (parallel), the case variants (and so
            // the finding's message and code) follow this one
            var counts = Entries(categories).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
            distinct = counts.Count;
            top = [.. counts.Take(ProfileLimits.TopValues).Select(c => new TopValue(ProfileJson.Truncate(c.Value), c.Count))];
            caseRows = CaseVariants(counts, caseVariants);
        }
        else
        {
            top = stats.GetValueOrDefault($"{i}.top") is IDictionary counts
                ? [.. Entries(counts).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).Select(c => new TopValue(ProfileJson.Truncate(c.Value), c.Count))]
                : [];
        }

        var number = plan.Kind == ValueKind.Number;
        var integral = shape.Type is ColumnTypes.Integer or ColumnTypes.Identifier;
        var q = number ? Quantiles(plan, quantiles) : null;
        var fences = Fences(shape, quantiles);
        var markerCounts = stats.GetValueOrDefault($"{i}.markervalues") is IDictionary markers ? Entries(markers) : [];
        var profile = new ColumnProfile(
            plan.Name,
            shape.Type,
            plan.StorageType,
            plan.Kind == ValueKind.Time ? plan.DateFormats.FirstOrDefault() : null,
            nulls,
            markerCounts.Where(m => m.Value.Trim().Length == 0).Sum(m => m.Count),
            distinct,
            Extreme(plan, stats.GetValueOrDefault($"{i}.min"), integral),
            Extreme(plan, stats.GetValueOrDefault($"{i}.max"), integral),
            number ? ProfileJson.Double(stats.GetValueOrDefault($"{i}.mean")) : null,
            number ? ProfileJson.Double(stats.GetValueOrDefault($"{i}.std")) : null,
            q is { Count: 5 } && q.All(v => v is not null) ? [.. q.Select(v => v!.Value)] : null,
            top,
            Histogram(plan, quantiles, stats, stats.GetValueOrDefault($"{i}.histogram") as IDictionary),
            plan.Examples,
            fences is null ? null : Get(stats, "outliers"));
        var formatRows = stats.GetValueOrDefault($"{i}.formats") is IDictionary byFormat ? Entries(byFormat) : [];
        var formats = plan.DateFormats.Count > 1
            ? plan.DateFormats.Select((f, k) => (f, formatRows.Where(e => e.Value == k.ToString(CultureInfo.InvariantCulture)).Sum(e => e.Count))).ToList()
            : [];
        var markerValues = markerCounts.Select(m => m.Value.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var bad = new[] { stats.GetValueOrDefault($"{i}.badmin"), stats.GetValueOrDefault($"{i}.badmax") }
            .OfType<string>().Select(b => ProfileJson.Truncate(b.Trim()).Replace("…", "", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        long? keyDuplicates = shape.KeyCandidate ? Math.Max(0, rows - nulls - distinct) : null;
        return new ColumnFacts(plan, profile, Get(stats, "markers"), markerValues, Get(stats, "whitespace"), Get(stats, "bad"), bad,
            Get(stats, "numbertext"), formats, fences?.Lower, fences?.Upper, caseVariants, caseRows, keyDuplicates);
    }

    private static List<(string Value, long Count)> Entries(IDictionary map)
    {
        var entries = new List<(string, long)>(map.Count);
        foreach (DictionaryEntry entry in map)
        {
            entries.Add((entry.Key is string text ? text : ProfileJson.Display(entry.Key), ProfileJson.Long(entry.Value)));
        }
        return entries;
    }

    /// <summary>Maps every trimmed spelling of a category written several ways to its most frequent spelling; returns the rows not already in it.</summary>
    private static long CaseVariants(List<(string Value, long Count)> counts, Dictionary<string, string> variants)
    {
        var rows = 0L;
        foreach (var group in counts.GroupBy(c => c.Value.Trim().ToLowerInvariant()))
        {
            var spellings = group.GroupBy(c => c.Value.Trim(), StringComparer.Ordinal)
                .Select(s => (Spelling: s.Key, Count: s.Sum(c => c.Count)))
                .ToList();
            if (spellings.Count < 2)
            {
                continue;
            }
            // the most frequent spelling; on a tie, one in mixed case ("Paris" before "PARIS" and "paris")
            var canonical = spellings
                .OrderByDescending(s => s.Count)
                .ThenBy(s => s.Spelling == s.Spelling.ToUpperInvariant() || s.Spelling == s.Spelling.ToLowerInvariant())
                .ThenBy(s => s.Spelling, StringComparer.Ordinal)
                .First().Spelling;
            foreach (var (value, count) in group)
            {
                variants[value.Trim()] = canonical;
                rows += value == canonical ? 0 : count;
            }
        }
        return rows;
    }

    private static System.Text.Json.JsonElement? Extreme(ColumnPlan plan, object? value, bool integral) => value switch
    {
        null => null,
        _ when plan.Kind == ValueKind.Number => ProfileJson.Number(ProfileJson.Double(value), integral),
        _ => ProfileJson.Text(ProfileJson.Display(value)),
    };

    /// <summary>
    /// The bins over the sample's range, the first starting at the column's minimum and the last ending at its maximum
    /// (they also hold the values outside the sample's range).
    /// </summary>
    private static IReadOnlyList<HistogramBin>? Histogram(ColumnPlan plan, Dictionary<string, object?> sample, Dictionary<string, object?> stats, IDictionary? bins)
    {
        if (bins is null || SampleRange(plan, sample) is not var (lo, hi) || Range(plan, stats) is not ({ } min, { } max))
        {
            return null;
        }
        var number = plan.Kind == ValueKind.Number;
        var width = (hi - lo) / ProfileLimits.HistogramBins;
        var counts = new long[ProfileLimits.HistogramBins];
        foreach (DictionaryEntry entry in bins)
        {
            var bin = Math.Clamp(Convert.ToInt32(entry.Key, CultureInfo.InvariantCulture), 0, ProfileLimits.HistogramBins - 1);
            counts[bin] += ProfileJson.Long(entry.Value);
        }
        string Edge(double x) => number
            ? x.ToString("G6", CultureInfo.InvariantCulture)
            : ProfileJson.Display(DateTime.UnixEpoch.AddSeconds(x));
        double Lower(int b) => b == 0 ? Math.Min(min, lo) : lo + b * width;
        double Upper(int b) => b == counts.Length - 1 ? Math.Max(max, hi) : lo + (b + 1) * width;
        return [.. counts.Select((c, b) => new HistogramBin(Edge(Lower(b)), Edge(Upper(b)), c))];
    }
}
