using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// Decides what each column's values mean from its storage type and, for text, from the shapes of the values in the
/// first rows (a deterministic sample): numbers (plain or with currency symbols, separators and percent signs),
/// booleans, dates and datetimes in one or several formats, or text (categorical, free text or identifier, settled once
/// the distinct count is known). The sample also names each column's most frequent values, which the full scan counts.
/// </summary>
internal static class ColumnTypeInference
{
    public const int SampleRows = 100_000;
    private const int ExampleRows = 100;
    private const int ColumnsPerQuery = 40;
    private static readonly string[] _booleans = ["true", "false", "yes", "no", "y", "n", "t", "f"];

    public static IReadOnlyList<ColumnPlan> Plan(DuckDbSession db, string table, IReadOnlyList<(string Name, string Type)> columns, CancellationToken cancellationToken)
    {
        var shapes = columns.Select(_ => new List<(string Shape, long Count, long Booleans)>()).ToArray();
        var tops = columns.Select(_ => new List<(string Value, long Count)>()).ToArray();
        var distinct = new long[columns.Count];
        var present = new long[columns.Count];
        foreach (var batch in Enumerable.Range(0, columns.Count).Chunk(ColumnsPerQuery))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parts = batch.SelectMany(i => SampleQueries(table, i, columns[i].Name, IsText(columns[i].Type)));
            db.Query(string.Join("\nUNION ALL\n", parts), reader =>
            {
                while (reader.Read())
                {
                    var i = reader.GetInt32(0);
                    var key = reader.IsDBNull(2) ? "" : reader.GetString(2);
                    var count = ProfileJson.Long(reader.GetValue(3));
                    switch (reader.GetString(1))
                    {
                        case "s":
                            shapes[i].Add((key, count, ProfileJson.Long(reader.GetValue(4))));
                            break;
                        case "v":
                            tops[i].Add((key, count));
                            distinct[i] = ProfileJson.Long(reader.GetValue(4));
                            present[i] = ProfileJson.Long(reader.GetValue(5));
                            break;
                    }
                }
                return 0;
            });
        }
        var examples = Examples(db, table, columns);
        var plans = new List<ColumnPlan>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var top = tops[i].OrderByDescending(t => t.Count).ThenBy(t => t.Value, StringComparer.Ordinal).Select(t => t.Value).ToList();
            plans.Add(Decide(db, table, i, columns[i].Name, columns[i].Type, shapes[i], examples[i]) with { TopCandidates = top, SampleDistinct = distinct[i], SampleValues = present[i] });
        }
        return plans;
    }

    /// <summary>Rows (column, kind, key, count, extra): shapes of text values with their boolean-word counts, and the most frequent values with the sample's distinct count.</summary>
    private static IEnumerable<string> SampleQueries(string table, int index, string name, bool text)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        var raw = ColumnPlan.RawSql(name, castToText: true);
        var sample = $"(SELECT {raw} AS r, trim({raw}) AS t FROM {table} LIMIT {SampleRows})";
        var present = text ? $"t IS NOT NULL AND NOT {NullMarkers.Sql("t")}" : "r IS NOT NULL";
        if (text)
        {
            yield return $"SELECT {i} AS c, 's' AS kind, shape AS key, count(*) AS n, count_if(lower(t) IN ({string.Join(", ", _booleans.Select(SqlText.Literal))})) AS extra, 0 AS total " +
                $"FROM (SELECT t, {ValueShapes.Sql("t")} AS shape FROM {sample} WHERE {present}) GROUP BY shape";
        }
        yield return $"(SELECT {i}, 'v', r, n, count(*) OVER (), sum(n) OVER () FROM (SELECT r, count(*) AS n FROM {sample} WHERE {present} GROUP BY r) ORDER BY n DESC, r LIMIT {ProfileLimits.TopValues})";
    }

    /// <summary>The first distinct non-blank values of each column among the first rows, as text.</summary>
    private static List<string>[] Examples(DuckDbSession db, string table, IReadOnlyList<(string Name, string Type)> columns)
    {
        var examples = columns.Select(_ => new List<string>()).ToArray();
        if (columns.Count == 0)
        {
            return examples;
        }
        var select = string.Join(", ", columns.Select(c => $"left({ColumnPlan.RawSql(c.Name, castToText: true)}, {ProfileLimits.MaxValueChars})"));
        return db.Query($"SELECT {select} FROM {table} LIMIT {ExampleRows}", reader =>
        {
            while (reader.Read())
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    if (examples[i].Count < ProfileLimits.Examples && !reader.IsDBNull(i) && reader.GetString(i) is { } value
                        && value.Trim().Length > 0 && !examples[i].Contains(value, StringComparer.Ordinal))
                    {
                        examples[i].Add(ProfileJson.Truncate(value));
                    }
                }
            }
            return examples;
        });
    }

    public static bool IsText(string type) => !IsNumber(type) && !IsTime(type) && type != "BOOLEAN";

    public static bool IsNumber(string type) =>
        type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT" or "FLOAT" or "DOUBLE"
        || type.StartsWith("DECIMAL", StringComparison.Ordinal);

    public static bool IsTime(string type) => type is "DATE" || type.StartsWith("TIMESTAMP", StringComparison.Ordinal);

    private static ColumnPlan Decide(DuckDbSession db, string table, int index, string name, string type, List<(string Shape, long Count, long Booleans)> shapes, IReadOnlyList<string> examples)
    {
        if (!IsText(type))
        {
            var (semantic, kind, format) = type switch
            {
                "BOOLEAN" => (ColumnTypes.Boolean, ValueKind.None, (string?)null),
                "DATE" => (ColumnTypes.Date, ValueKind.Time, "%Y-%m-%d"),
                _ when IsTime(type) => (ColumnTypes.DateTime, ValueKind.Time, "%Y-%m-%d %H:%M:%S"),
                "FLOAT" or "DOUBLE" => (ColumnTypes.Decimal, ValueKind.Number, null),
                _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) && !type.EndsWith(",0)", StringComparison.Ordinal) => (ColumnTypes.Decimal, ValueKind.Number, null),
                _ => (ColumnTypes.Integer, ValueKind.Number, null),
            };
            return new ColumnPlan(index, name, type, false, semantic, kind, false, format is null ? [] : [format], examples);
        }
        var values = shapes.Sum(s => s.Count);
        var plan = new ColumnPlan(index, name, type, true, ColumnTypes.Text, ValueKind.None, false, [], examples);
        if (values == 0)
        {
            return plan;
        }
        if (shapes.Sum(s => s.Booleans) == values)
        {
            return plan with { Type = ColumnTypes.Boolean };
        }
        var plain = shapes.Where(s => ValueShapes.IsNumber(s.Shape)).Sum(s => s.Count);
        var text = shapes.Where(s => ValueShapes.IsNumberText(s.Shape)).ToList();
        if (plain + text.Sum(s => s.Count) >= 0.8 * values)
        {
            var fraction = shapes.Any(s => ValueShapes.IsNumber(s.Shape) && !ValueShapes.IsInteger(s.Shape)) || text.Any(s => s.Shape.Contains(".9", StringComparison.Ordinal));
            return plan with { Type = fraction ? ColumnTypes.Decimal : ColumnTypes.Integer, Kind = ValueKind.Number, NumericText = text.Count > 0 };
        }
        var dates = DateFormatCandidate.All
            .Select((candidate, k) => (candidate, k, count: shapes.Where(s => candidate.ShapePattern.IsMatch(s.Shape)).Sum(s => s.Count)))
            .Where(d => d.count > 0)
            .OrderByDescending(d => d.count)
            .ThenBy(d => d.k)
            .ToList();
        if (dates.Sum(d => d.count) < 0.8 * values)
        {
            return plan;
        }
        var formats = dates.Select(d => DayOrder(db, table, name, d.candidate)).Distinct(StringComparer.Ordinal).ToList();
        return plan with { Type = dates.Any(d => d.candidate.HasTime) ? ColumnTypes.DateTime : ColumnTypes.Date, Kind = ValueKind.Time, DateFormats = formats };
    }

    /// <summary>Month first unless the sample has a first part above 12 and no second part above 12.</summary>
    private static string DayOrder(DuckDbSession db, string table, string name, DateFormatCandidate candidate)
    {
        if (candidate.Separator is not { } separator || candidate.DayFirstFormat is not { } dayFirst)
        {
            return candidate.Format;
        }
        var t = $"trim({ColumnPlan.RawSql(name, castToText: true)})";
        var sql = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT count_if(TRY_CAST(split_part(t, {SqlText.Literal(separator)}, 1) AS INTEGER) > 12), ")
            .Append(CultureInfo.InvariantCulture, $"count_if(TRY_CAST(split_part(split_part(t, ' ', 1), {SqlText.Literal(separator)}, 2) AS INTEGER) > 12) ")
            .Append(CultureInfo.InvariantCulture, $"FROM (SELECT {t} AS t FROM {table} LIMIT {SampleRows}) WHERE regexp_full_match(t, {SqlText.Literal(candidate.Pattern)})")
            .ToString();
        var (first, second) = db.Query(sql, reader =>
        {
            reader.Read();
            return (ProfileJson.Long(reader.GetValue(0)), ProfileJson.Long(reader.GetValue(1)));
        });
        return first > 0 && second == 0 ? dayFirst : candidate.Format;
    }
}
