using System.Collections;
using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// Profiles a loaded table in a few scans: the type inference's sample; one wide aggregate for counts, missing values,
/// markers, whitespace, parse failures, min/max, mean/std, approximate quantiles, approximate distinct counts and top
/// values; a second with the bounds known for histograms, outliers, exact top counts, exact distinct counts and the
/// spellings of categories; and one for duplicate rows and key duplicates.
/// </summary>
internal sealed class DuckDbProfiler(DuckDbSession db)
{
    public const long ExactDistinctUpTo = 100_000;
    private const int CategoryDistinctUpTo = 1_000;
    private const int DistinctBatch = 8;
    private static readonly double[] _quantiles = [0.05, 0.25, 0.5, 0.75, 0.95];

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
        var plans = ColumnTypeInference.Plan(db, source, columns, cancellationToken);
        progress(0.2);

        var from = $"(SELECT {string.Join(", ", plans.SelectMany(Projections).DefaultIfEmpty("1 AS one"))} FROM {source})";
        var first = new WideQuery();
        first.Add("rows", "count(*)");
        foreach (var plan in plans)
        {
            AddFirstPass(first, plan);
        }
        var stats = first.Run(db, from, cancellationToken);
        var rows = ProfileJson.Long(stats["rows"]);
        progress(0.55);

        var shapes = plans.Select(p => Shape(p, stats, rows)).ToList();
        var second = new WideQuery();
        foreach (var shape in shapes)
        {
            AddSecondPass(second, shape, stats);
        }
        var more = second.Count == 0 ? [] : second.Run(db, from, cancellationToken);
        // DISTINCT aggregates each build a hash table: a few per query, so that 500 columns do not need gigabytes
        foreach (var batch in shapes.Where(s => s.ExactDistinct && !s.Categories).Chunk(DistinctBatch))
        {
            var exact = new WideQuery();
            foreach (var shape in batch)
            {
                exact.Add($"{shape.Plan.Index.ToString(CultureInfo.InvariantCulture)}.exactdistinct", $"count(DISTINCT {Measured(shape.Plan)}) FILTER (WHERE NOT {shape.Plan.MissingSql})");
            }
            foreach (var (key, value) in exact.Run(db, from, cancellationToken))
            {
                more[key] = value;
            }
        }
        progress(0.8);

        var duplicates = table.DuplicateRows ?? (all.Count == 0 || rows == 0
            ? 0
            : db.Scalar($"SELECT count(*) - count(DISTINCT hash({string.Join(", ", all.Select(c => SqlText.Identifier(c.Item1)))})) FROM {source}"));
        progress(0.95);

        var facts = shapes.Select(s => Facts(s, stats, more, rows)).ToList();
        var profile = new TableProfile(table.Name, table.Sheet, rows, all.Count + (table.OmittedColumns?.Count ?? 0), table.SizeBytes, duplicates, table.Read,
            [.. facts.Select(f => f.Profile)], omitted.Count == 0 ? null : omitted);
        return new TableFacts(profile, facts);
    }

    private static IEnumerable<string> Projections(ColumnPlan plan)
    {
        yield return $"{ColumnPlan.RawSql(plan.Name, plan.TextStorage && plan.StorageType != "VARCHAR")} AS {plan.R}";
        if (plan.TextStorage)
        {
            yield return $"trim({ColumnPlan.RawSql(plan.Name, plan.StorageType != "VARCHAR")}) AS {plan.T}";
        }
    }

    /// <summary>The expression whose distinct values and extremes describe the column: the parsed value, else the stored one.</summary>
    private static string Measured(ColumnPlan plan) => plan.ValueSql ?? plan.R;

    private static void AddFirstPass(WideQuery query, ColumnPlan plan)
    {
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var r = plan.R;
        var t = plan.T;
        query.Add($"{i}.nulls", $"count_if({plan.MissingSql})");
        if (plan.TextStorage)
        {
            var marker = $"({r} IS NOT NULL AND {NullMarkers.Sql(t)})";
            query.Add($"{i}.empty", $"count_if({r} IS NOT NULL AND {t} = '')");
            query.Add($"{i}.markers", $"count_if({marker})");
            query.Add($"{i}.markervalues", $"histogram(left({t}, 50)) FILTER (WHERE {marker})");
            query.Add($"{i}.whitespace", $"count_if({t} <> '' AND {r} <> {t})");
        }
        var value = plan.ValueSql;
        if (value is not null)
        {
            query.Add($"{i}.min", $"min({value})");
            query.Add($"{i}.max", $"max({value})");
            if (plan.TextStorage)
            {
                var bad = $"(NOT {plan.MissingSql} AND {value} IS NULL)";
                query.Add($"{i}.bad", $"count_if({bad})");
                query.Add($"{i}.badmin", $"min(left({t}, 50)) FILTER (WHERE {bad})");
                query.Add($"{i}.badmax", $"max(left({t}, 50)) FILTER (WHERE {bad})");
                if (plan.NumericText)
                {
                    query.Add($"{i}.numbertext", $"count_if({value} IS NOT NULL AND TRY_CAST({t} AS DOUBLE) IS NULL)");
                }
                if (plan.DateFormats.Count > 1)
                {
                    for (var k = 0; k < plan.DateFormats.Count; k++)
                    {
                        query.Add($"{i}.format{k}", $"count_if(try_strptime({t}, {SqlText.Literal(plan.DateFormats[k])}) IS NOT NULL)");
                    }
                }
            }
            if (plan.Kind == ValueKind.Number)
            {
                query.Add($"{i}.mean", $"avg({value})");
                query.Add($"{i}.std", $"stddev_samp({value})");
                query.Add($"{i}.quantiles", $"approx_quantile({value}, [{string.Join(", ", _quantiles.Select(q => q.ToString(CultureInfo.InvariantCulture)))}])");
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
        query.Add($"{i}.distinct", $"approx_count_distinct({Measured(plan)})");
        query.Add($"{i}.top", $"approx_top_k({r}, {ProfileLimits.TopValues}) FILTER (WHERE NOT {plan.MissingSql})");
    }

    /// <summary>The column's final type (text settles into categorical, text or identifier) and what the second pass measures.</summary>
    private static ColumnShape Shape(ColumnPlan plan, Dictionary<string, object?> stats, long rows)
    {
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var nonNull = rows - ProfileJson.Long(stats[$"{i}.nulls"]);
        var distinct = Math.Min(nonNull, ProfileJson.Long(stats[$"{i}.distinct"]));
        var key = KeyNames.LooksLikeKey(plan.Name);
        var type = plan.Type;
        if (type == ColumnTypes.Text && nonNull > 0)
        {
            var unique = distinct >= 0.99 * nonNull;
            type = (key && distinct >= 0.9 * nonNull) || (unique && nonNull >= 20 && plan.Examples.All(e => e.Length <= 64 && !e.Contains(' ', StringComparison.Ordinal)))
                ? ColumnTypes.Identifier
                : distinct <= 50 && distinct * 2 <= nonNull || distinct <= 0.05 * nonNull && distinct <= CategoryDistinctUpTo
                    ? ColumnTypes.Categorical
                    : ColumnTypes.Text;
        }
        else if (type == ColumnTypes.Integer && key && nonNull > 0 && distinct >= 0.99 * nonNull)
        {
            type = ColumnTypes.Identifier;
        }
        var keyCandidate = nonNull > 1 && (type == ColumnTypes.Identifier || (key && type is ColumnTypes.Integer or ColumnTypes.Text or ColumnTypes.Categorical)) && distinct >= 0.9 * nonNull;
        var categories = plan.TextStorage && plan.Kind == ValueKind.None && type is ColumnTypes.Categorical or ColumnTypes.Boolean && distinct <= CategoryDistinctUpTo;
        return new ColumnShape(plan, type, categories, keyCandidate || distinct <= ExactDistinctUpTo, keyCandidate);
    }

    private static void AddSecondPass(WideQuery query, ColumnShape shape, Dictionary<string, object?> stats)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        if (shape.Categories)
        {
            query.Add($"{i}.categories", $"histogram({plan.R}) FILTER (WHERE NOT {plan.MissingSql})");
        }
        else
        {
            var top = stats[$"{i}.top"] as IEnumerable;
            var k = 0;
            foreach (var candidate in top?.Cast<object?>() ?? [])
            {
                if (candidate is not null)
                {
                    query.Add($"{i}.top{k++}", $"count_if({plan.R} = {ProfileJson.SqlLiteral(candidate, plan.StorageType)})");
                }
            }
        }
        var value = plan.ValueSql;
        if (value is null || shape.Type == ColumnTypes.Identifier)
        {
            return;
        }
        var (low, high) = plan.Kind == ValueKind.Number
            ? (ProfileJson.Double(stats[$"{i}.min"]), ProfileJson.Double(stats[$"{i}.max"]))
            : (ProfileJson.Double(stats[$"{i}.epochmin"]), ProfileJson.Double(stats[$"{i}.epochmax"]));
        if (low is { } lo && high is { } hi && hi > lo)
        {
            var measured = plan.Kind == ValueKind.Number ? value : $"epoch({value})";
            var width = (hi - lo) / ProfileLimits.HistogramBins;
            query.Add($"{i}.histogram", string.Create(CultureInfo.InvariantCulture,
                $"histogram(least(CAST(floor(({measured} - {lo:R}) / {width:R}) AS INTEGER), {ProfileLimits.HistogramBins - 1})) FILTER (WHERE {value} IS NOT NULL)"));
        }
        if (Fences(shape, stats) is var (lower, upper))
        {
            query.Add($"{i}.outliers", string.Create(CultureInfo.InvariantCulture, $"count_if({value} < {lower:R} OR {value} > {upper:R})"));
        }
    }

    /// <summary>The 1.5 × IQR fences of a number column (whole numbers for integers), when its quartiles differ.</summary>
    private static (double Lower, double Upper)? Fences(ColumnShape shape, Dictionary<string, object?> stats)
    {
        if (shape.Plan.Kind != ValueKind.Number || shape.Type == ColumnTypes.Identifier
            || stats[$"{shape.Plan.Index.ToString(CultureInfo.InvariantCulture)}.quantiles"] is not IEnumerable quantiles)
        {
            return null;
        }
        var q = quantiles.Cast<object?>().Select(ProfileJson.Double).ToList();
        if (q.Count != 5 || q[1] is not { } q1 || q[3] is not { } q3 || q3 <= q1)
        {
            return null;
        }
        var iqr = q3 - q1;
        var (lower, upper) = (q1 - 1.5 * iqr, q3 + 1.5 * iqr);
        return shape.Type == ColumnTypes.Integer ? (Math.Ceiling(lower), Math.Floor(upper)) : (lower, upper);
    }

    private static ColumnFacts Facts(ColumnShape shape, Dictionary<string, object?> stats, Dictionary<string, object?> more, long rows)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        long Get(Dictionary<string, object?> from, string key) => ProfileJson.Long(from.GetValueOrDefault($"{i}.{key}"));
        var nulls = Get(stats, "nulls");
        var distinct = Math.Min(rows - nulls, Get(stats, "distinct"));
        IReadOnlyList<TopValue> top;
        var caseVariants = new Dictionary<string, string>(StringComparer.Ordinal);
        var caseRows = 0L;
        if (more.GetValueOrDefault($"{i}.categories") is IDictionary categories)
        {
            var counts = new List<(string Value, long Count)>();
            foreach (DictionaryEntry entry in categories)
            {
                counts.Add((entry.Key.ToString() ?? "", ProfileJson.Long(entry.Value)));
            }
            distinct = counts.Count;
            top = [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).Take(ProfileLimits.TopValues).Select(c => new TopValue(ProfileJson.Truncate(c.Value), c.Count))];
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
                    caseVariants[value.Trim()] = canonical;
                    caseRows += value == canonical ? 0 : count;
                }
            }
        }
        else
        {
            if (more.ContainsKey($"{i}.exactdistinct"))
            {
                distinct = Get(more, "exactdistinct");
            }
            var values = (stats[$"{i}.top"] as IEnumerable)?.Cast<object?>().Where(v => v is not null).ToList() ?? [];
            top = [.. values.Select((v, k) => new TopValue(ProfileJson.Display(v!), Get(more, "top" + k.ToString(CultureInfo.InvariantCulture))))
                .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)];
        }

        var number = plan.Kind == ValueKind.Number;
        var integral = shape.Type is ColumnTypes.Integer or ColumnTypes.Identifier;
        var quantiles = number && stats.GetValueOrDefault($"{i}.quantiles") is IEnumerable q
            ? q.Cast<object?>().Select(ProfileJson.Double).ToList()
            : null;
        var fences = Fences(shape, stats);
        var profile = new ColumnProfile(
            plan.Name,
            shape.Type,
            plan.StorageType,
            plan.Kind == ValueKind.Time ? plan.DateFormats.FirstOrDefault() : null,
            nulls,
            Get(stats, "empty"),
            distinct,
            Extreme(plan, stats.GetValueOrDefault($"{i}.min"), integral),
            Extreme(plan, stats.GetValueOrDefault($"{i}.max"), integral),
            number ? ProfileJson.Double(stats.GetValueOrDefault($"{i}.mean")) : null,
            number ? ProfileJson.Double(stats.GetValueOrDefault($"{i}.std")) : null,
            quantiles is { Count: 5 } && quantiles.All(v => v is not null) ? [.. quantiles.Select(v => v!.Value)] : null,
            top,
            Histogram(plan, stats, more.GetValueOrDefault($"{i}.histogram") as IDictionary),
            plan.Examples,
            fences is null ? null : Get(more, "outliers"));
        var formats = plan.DateFormats.Count > 1
            ? plan.DateFormats.Select((f, k) => (f, Get(stats, "format" + k.ToString(CultureInfo.InvariantCulture)))).ToList()
            : [];
        var markerValues = new List<string>();
        if (stats.GetValueOrDefault($"{i}.markervalues") is IDictionary markers)
        {
            foreach (DictionaryEntry entry in markers)
            {
                markerValues.Add(entry.Key.ToString() ?? "");
            }
            markerValues.Sort(StringComparer.Ordinal);
        }
        var bad = new[] { stats.GetValueOrDefault($"{i}.badmin"), stats.GetValueOrDefault($"{i}.badmax") }
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        long? keyDuplicates = shape.KeyCandidate ? Math.Max(0, rows - nulls - distinct) : null;
        return new ColumnFacts(plan, profile, Get(stats, "markers"), markerValues, Get(stats, "whitespace"), Get(stats, "bad"), bad,
            Get(stats, "numbertext"), formats, fences?.Lower, fences?.Upper, caseVariants, caseRows, keyDuplicates);
    }

    private static System.Text.Json.JsonElement? Extreme(ColumnPlan plan, object? value, bool integral) => value switch
    {
        null => null,
        _ when plan.Kind == ValueKind.Number => ProfileJson.Number(ProfileJson.Double(value), integral),
        _ => ProfileJson.Text(ProfileJson.Display(value)),
    };

    private static IReadOnlyList<HistogramBin>? Histogram(ColumnPlan plan, Dictionary<string, object?> stats, IDictionary? bins)
    {
        if (bins is null)
        {
            return null;
        }
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var number = plan.Kind == ValueKind.Number;
        var lo = ProfileJson.Double(stats[number ? $"{i}.min" : $"{i}.epochmin"])!.Value;
        var hi = ProfileJson.Double(stats[number ? $"{i}.max" : $"{i}.epochmax"])!.Value;
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
        return [.. counts.Select((c, b) => new HistogramBin(Edge(lo + b * width), Edge(b == counts.Length - 1 ? hi : lo + (b + 1) * width), c))];
    }
}
