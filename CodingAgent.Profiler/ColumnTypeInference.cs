using System.Collections.Frozen;
using System.Globalization;
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
    internal const int ExampleRows = 100;
    private const int ColumnsPerQuery = 40;
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _booleans =
        new[] { "true", "false", "yes", "no", "y", "n", "t", "f" }.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <param name="second">Another connection to the database: the queries run on both at once (each reads the
    /// sample, one row group: one thread); null: one after the other on <paramref name="db"/>.</param>
    /// <param name="table">The first rows (a table of their own), or the whole table when <paramref name="whole"/> is false.</param>
    /// <param name="whole">Whether <paramref name="table"/> holds only the sample: then no LIMIT is needed, and none is
    /// written (with the insertion order kept, a LIMIT makes DuckDB scan in order, at a third of the speed).</param>
    public static IReadOnlyList<ColumnPlan> Plan(DuckDbSession db, DuckDbSession? second, string table, bool whole, IReadOnlyList<(string Name, string Type)> columns, CancellationToken cancellationToken)
    {
        var limit = whole ? "" : string.Create(CultureInfo.InvariantCulture, $" LIMIT {SampleRows}");
        var values = columns.Select(_ => new List<(string Value, long Count)>()).ToArray();
        // typed columns (numbers, times, booleans) need only their counts and most frequent values, not every value
        var totals = new (long Distinct, long Values)[columns.Count];
        // each batch fills only its own columns' lists
        var queries = Batches(columns.Count, second is not null).Select(batch => (Func<DuckDbSession, int>)(session =>
        {
            var parts = batch.Select(i =>
            {
                var text = IsText(columns[i].Type);
                // typed values are grouped as they are stored and only the groups made text (a cast of every row to
                // text costs more than the GROUP BY: 20 against 4 ms for 100,000 doubles)
                var groups = $"SELECT r, count(*) AS n FROM (SELECT {ColumnPlan.RawSql(columns[i].Name, castToText: text)} AS r FROM {table}{limit}) WHERE r IS NOT NULL GROUP BY r";
                var c = i.ToString(CultureInfo.InvariantCulture);
                return text
                    ? $"SELECT {c} AS c, r, n, NULL AS d, NULL AS s FROM ({groups})"
                    : $"(SELECT {c} AS c, r, n, count(*) OVER () AS d, sum(n) OVER () AS s FROM (SELECT CAST(r AS VARCHAR) AS r, n FROM ({groups})) ORDER BY n DESC, r LIMIT {ProfileLimits.TopValues.ToString(CultureInfo.InvariantCulture)})";
            });
            return session.Query(string.Join("\nUNION ALL\n", parts), reader =>
            {
                while (reader.Read())
                {
                    var c = reader.GetInt32(0);
                    values[c].Add((reader.GetString(1), ProfileJson.Long(reader.GetValue(2))));
                    if (!reader.IsDBNull(3))
                    {
                        totals[c] = (ProfileJson.Long(reader.GetValue(3)), ProfileJson.Long(reader.GetValue(4)));
                    }
                }
                return 0;
            });
        })).ToList();
        List<string>[] examples = [];
        queries.Add(session =>
        {
            examples = Examples(session, table, columns);
            return 0;
        });
        TwoConnections.Run(db, second, queries, cancellationToken);
        var plans = new List<ColumnPlan>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var present = IsText(columns[i].Type) ? values[i].FindAll(v => !NullMarkers.IsMarker(v.Value)) : values[i];
            var top = MostFrequent(present, ProfileLimits.TopValues);
            plans.Add(Decide(i, columns[i].Name, columns[i].Type, present, examples[i]) with
            {
                TopCandidates = top,
                SampleDistinct = IsText(columns[i].Type) ? present.Count : totals[i].Distinct,
                SampleValues = IsText(columns[i].Type) ? present.Sum(v => v.Count) : totals[i].Values,
            });
        }
        return plans;
    }

    /// <summary>
    /// The columns in batches of at most <see cref="ColumnsPerQuery"/>; for two connections, in at least eight batches
    /// (a narrow table: a column or two each), so that the connections, each taking the next batch when done with one,
    /// end about together however the cost falls (a text column of unique values costs as much as many others).
    /// </summary>
    private static List<int[]> Batches(int columns, bool twoConnections) =>
        [.. Enumerable.Range(0, columns).Chunk(twoConnections ? Math.Clamp((columns + 7) / 8, 1, ColumnsPerQuery) : ColumnsPerQuery)];

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

    internal static ColumnPlan Decide(int index, string name, string type, List<(string Value, long Count)> present, IReadOnlyList<string> examples)
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
        return Decide(index, name, type, Shapes(present), () => present, examples);
    }

    /// <summary>
    /// The plan of a column from the shapes of its first rows' values (<see cref="Shapes"/>); <paramref name="present"/>
    /// gives the values themselves, asked for only when the day and month order of dates needs them.
    /// </summary>
    internal static ColumnPlan Decide(int index, string name, string type, List<(string Shape, long Count, long Booleans)> shapes, Func<List<(string Value, long Count)>> present, IReadOnlyList<string> examples)
    {
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
            .Select((candidate, k) => (candidate, k, count: shapes.Where(s => ValueShapes.MayBeDate(s.Shape) && candidate.ShapePattern.IsMatch(s.Shape)).Sum(s => s.Count)))
            .Where(d => d.count > 0)
            .OrderByDescending(d => d.count)
            .ThenBy(d => d.k)
            .ToList();
        if (dates.Sum(d => d.count) < 0.8 * values)
        {
            return plan;
        }
        var formats = dates.Select(d => DayOrder(present(), d.candidate)).Distinct(StringComparer.Ordinal).ToList();
        return plan with { Type = dates.Any(d => d.candidate.HasTime) ? ColumnTypes.DateTime : ColumnTypes.Date, Kind = ValueKind.Time, DateFormats = formats };
    }

    /// <summary>
    /// The values' shapes (of the text trimmed of spaces) with the rows of each and the rows of booleans among them:
    /// one pass, each shape written into a buffer and looked up without allocating.
    /// </summary>
    internal static List<(string Shape, long Count, long Booleans)> Shapes(List<(string Value, long Count)> present)
    {
        var shapes = new ShapeCounts();
        Span<char> buffer = stackalloc char[ValueShapes.MaxLength];
        foreach (var (value, count) in present)
        {
            var trimmed = value.AsSpan().Trim(' ');
            shapes.Add(ValueShapes.Of(trimmed, buffer), count, IsBoolean(trimmed));
        }
        return shapes.Counted;
    }

    /// <summary>Whether text (trimmed of spaces) is a boolean word: true, false, yes, no, y, n, t, f in any case.</summary>
    internal static bool IsBoolean(ReadOnlySpan<char> trimmed) => trimmed.Length <= 5 && NullMarkers.IsLowercaseOneOf(trimmed, _booleans);

    /// <summary>
    /// The <paramref name="count"/> most frequent values, most frequent first, ties in ordinal order of the text (as
    /// OrderByDescending(count).ThenBy(value).Take(count), without sorting every value).
    /// </summary>
    internal static List<string> MostFrequent(List<(string Value, long Count)> values, int count)
    {
        var best = new List<(string Value, long Count)>(count + 1);
        foreach (var candidate in values)
        {
            if (count == 0 || (best.Count == count && !Before(candidate, best[^1])))
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && Before(candidate, best[at - 1]))
            {
                at--;
            }
            best.Insert(at, candidate);
            if (best.Count > count)
            {
                best.RemoveAt(count);
            }
        }
        return best.ConvertAll(b => b.Value);

        static bool Before((string Value, long Count) a, (string Value, long Count) b) =>
            a.Count > b.Count || (a.Count == b.Count && string.CompareOrdinal(a.Value, b.Value) < 0);
    }

    /// <summary>Month first unless the sample has a first part above 12 and no second part above 12.</summary>
    private static string DayOrder(List<(string Value, long Count)> present, DateFormatCandidate candidate)
    {
        if (candidate.Separator is not { } separator || candidate.DayFirstFormat is not { } dayFirst)
        {
            return candidate.Format;
        }
        var (first, second) = (false, false);
        foreach (var (value, _) in present)
        {
            var text = value.Trim(' ');
            if (!candidate.ShapePattern.IsMatch(ValueShapes.Of(text)))
            {
                continue;
            }
            var parts = text.Split(' ')[0].Split(separator);
            first |= int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a > 12;
            second |= parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 12;
        }
        return first && !second ? dayFirst : candidate.Format;
    }
}
