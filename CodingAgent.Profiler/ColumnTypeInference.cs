using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// Decides what each column's values mean from its storage type and, for text, from pattern counts over the first
/// rows (a deterministic sample): numbers (plain or with currency symbols, separators and percent signs), booleans,
/// dates and datetimes in one or several formats, or text (categorical, free text or identifier, settled once the
/// distinct count is known).
/// </summary>
internal static class ColumnTypeInference
{
    public const int SampleRows = 100_000;
    private const int ExampleRows = 100;
    private const string Number = @"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?";
    private const string Integer = @"[+-]?\d+";
    private const string NumberText = @"[+-]?\(?[+-]?[$€£¥]?\s?[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s?%?\)?";
    private static readonly string[] _booleans = ["true", "false", "yes", "no", "y", "n", "t", "f"];

    public static IReadOnlyList<ColumnPlan> Plan(DuckDbSession db, string table, IReadOnlyList<(string Name, string Type)> columns, CancellationToken cancellationToken)
    {
        var query = new WideQuery();
        var projections = new List<string>();
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, type) = columns[i];
            var textStorage = IsText(type);
            if (!textStorage)
            {
                continue;
            }
            var t = "t" + i.ToString(CultureInfo.InvariantCulture);
            projections.Add($"trim({ColumnPlan.RawSql(name, castToText: type != "VARCHAR")}) AS {t}");
            var value = $"({t} IS NOT NULL AND NOT {NullMarkers.Sql(t)})";
            query.Add($"{i}.values", $"count_if({value})");
            query.Add($"{i}.number", $"count_if({value} AND regexp_full_match({t}, '{Number}'))");
            query.Add($"{i}.integer", $"count_if({value} AND regexp_full_match({t}, '{Integer}'))");
            query.Add($"{i}.numbertext", $"count_if({value} AND NOT regexp_full_match({t}, '{Number}') AND regexp_full_match({t}, '{NumberText}') AND regexp_matches({t}, '\\d'))");
            query.Add($"{i}.numbertextfraction", $"count_if({value} AND NOT regexp_full_match({t}, '{Number}') AND regexp_full_match({t}, '{NumberText}') AND regexp_matches({t}, '\\.\\d'))");
            query.Add($"{i}.boolean", $"count_if({value} AND lower({t}) IN ({string.Join(", ", _booleans.Select(SqlText.Literal))}))");
            for (var k = 0; k < DateFormatCandidate.All.Count; k++)
            {
                var candidate = DateFormatCandidate.All[k];
                var match = $"{value} AND regexp_full_match({t}, {SqlText.Literal(candidate.Pattern)})";
                query.Add($"{i}.date{k}", $"count_if({match})");
                if (candidate.Separator is { } separator)
                {
                    query.Add($"{i}.date{k}.dayfirst", $"count_if({match} AND TRY_CAST(split_part({t}, {SqlText.Literal(separator)}, 1) AS INTEGER) > 12)");
                    query.Add($"{i}.date{k}.monthfirst", $"count_if({match} AND TRY_CAST(split_part(split_part({t}, ' ', 1), {SqlText.Literal(separator)}, 2) AS INTEGER) > 12)");
                }
            }
        }
        var sampled = query.Count == 0
            ? []
            : query.Run(db, $"(SELECT {string.Join(", ", projections)} FROM {table} LIMIT {SampleRows})", cancellationToken);
        var examples = Examples(db, table, columns);
        return [.. columns.Select((c, i) => Decide(i, c.Name, c.Type, sampled, examples[i]))];
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

    private static ColumnPlan Decide(int index, string name, string type, Dictionary<string, object?> sample, IReadOnlyList<string> examples)
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
        long Count(string key) => ProfileJson.Long(sample.GetValueOrDefault($"{index}.{key}"));
        var values = Count("values");
        var plan = new ColumnPlan(index, name, type, true, ColumnTypes.Text, ValueKind.None, false, [], examples);
        if (values == 0)
        {
            return plan;
        }
        if (Count("boolean") == values)
        {
            return plan with { Type = ColumnTypes.Boolean };
        }
        var plain = Count("number");
        var text = Count("numbertext");
        if (plain + text >= 0.8 * values)
        {
            var fraction = plain > Count("integer") || Count("numbertextfraction") > 0;
            return plan with { Type = fraction ? ColumnTypes.Decimal : ColumnTypes.Integer, Kind = ValueKind.Number, NumericText = text > 0 };
        }
        var dates = DateFormatCandidate.All
            .Select((candidate, k) => (candidate, k, count: Count("date" + k.ToString(CultureInfo.InvariantCulture))))
            .Where(d => d.count > 0)
            .OrderByDescending(d => d.count)
            .ThenBy(d => d.k)
            .ToList();
        if (dates.Sum(d => d.count) >= 0.8 * values)
        {
            var formats = dates.Select(d => d.candidate.DayFirstFormat is { } dayFirst && Count($"date{d.k}.dayfirst") > 0 && Count($"date{d.k}.monthfirst") == 0 ? dayFirst : d.candidate.Format)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var time = dates.Any(d => d.candidate.HasTime);
            return plan with { Type = time ? ColumnTypes.DateTime : ColumnTypes.Date, Kind = ValueKind.Time, DateFormats = formats };
        }
        return plan;
    }
}
