using System.Globalization;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// What the model reads about the workspace: per table, how to read it, its size and a line per column (meaning,
/// nulls, range or frequent values), and the quality findings, within a budget of characters. Wide tables get their
/// most informative columns described first and the rest named. Never raw data beyond a few short, quoted values.
/// </summary>
public static class ProfileDigest
{
    private const int MaxQuotedChars = 40;

    /// <summary>Characters per token assumed when a token budget is turned into characters.</summary>
    public const int CharsPerToken = 4;

    public static string Build(IReadOnlyList<(WorkspaceFile File, FileProfile Profile)> files, int maxChars)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < files.Count; i++)
        {
            var (file, profile) = files[i];
            // each file gets an equal share of what is left, so the last file is never crowded out
            var share = (maxChars - builder.Length) / (files.Count - i);
            builder.Append(DescribeFile(file, profile, Math.Max(share, 200)));
        }
        return builder.Length <= maxChars ? builder.ToString() : builder.ToString(0, maxChars) + "\n(…cut to fit)";
    }

    private static string DescribeFile(WorkspaceFile file, FileProfile profile, int budget)
    {
        var builder = new StringBuilder();
        builder.Append("- file `").Append(file.Name).Append("` (version ").Append(file.Version.ToString(CultureInfo.InvariantCulture));
        if (profile.Format is { } format)
        {
            builder.Append(", ").Append(format);
        }
        builder.Append(")\n");
        if (profile.Status == ProfileStatuses.Failed)
        {
            return builder.Append("  could not be read as a table: ").Append(profile.Error).Append('\n').ToString();
        }
        foreach (var note in profile.Notes ?? [])
        {
            builder.Append("  note: ").Append(note).Append('\n');
        }
        var tables = profile.Tables;
        for (var t = 0; t < tables.Count; t++)
        {
            var tableBudget = (budget - builder.Length) / (tables.Count - t);
            builder.Append(DescribeTable(file.Name, tables[t], profile.Findings.Where(f => f.Table == tables[t].Name).ToList(), Math.Max(tableBudget, 150)));
        }
        return builder.ToString();
    }

    private static string DescribeTable(string fileName, TableProfile table, IReadOnlyList<ProfileFinding> findings, int budget)
    {
        var builder = new StringBuilder();
        builder.Append("  table `").Append(table.Name).Append('`');
        if (table.Sheet is { } sheet)
        {
            builder.Append(" (sheet ").Append(Quote(sheet)).Append(')');
        }
        builder.Append(": ").Append(Number(table.Rows)).Append(" rows × ").Append(table.ColumnCount.ToString(CultureInfo.InvariantCulture)).Append(" columns");
        if (table.DuplicateRows > 0)
        {
            builder.Append(", ").Append(Number(table.DuplicateRows)).Append(" duplicate rows");
        }
        builder.Append("; read with ").Append(ReadHint(fileName, table)).Append('\n');
        var findingsText = findings.Count == 0 ? "" :
            "    quality findings: " + string.Join("; ", findings.Take(12).Select(f => f.Kind + (f.Column is null ? "" : " in " + Quote(f.Column)) + " (" + Number(f.Rows) + " rows)"))
            + (findings.Count > 12 ? $"; and {findings.Count - 12} more" : "") + "\n";
        // room is kept for the line that names the columns not described
        const int namesLine = 160;
        var room = budget - builder.Length - Math.Min(findingsText.Length, budget / 4) - namesLine;
        var described = new List<(int Index, string Line)>();
        var named = new List<string>();
        foreach (var (column, index) in table.Columns.Select((c, i) => (c, i)).OrderByDescending(x => Informativeness(x.c, table.Rows)))
        {
            var line = "    - " + DescribeColumn(column, table.Rows) + "\n";
            if (named.Count == 0 && line.Length <= room)
            {
                described.Add((index, line));
                room -= line.Length;
            }
            else
            {
                named.Add(column.Name);
            }
        }
        // described columns are listed in the file's order, which is how code sees them
        foreach (var (_, line) in described.OrderBy(d => d.Index))
        {
            builder.Append(line.AsSpan());
        }
        named.AddRange(table.OmittedColumns ?? []);
        if (named.Count > 0)
        {
            var names = new StringBuilder("    other columns: ");
            foreach (var name in named)
            {
                if (names.Length + name.Length + 40 > room + namesLine)
                {
                    names.Append("… (").Append(named.Count.ToString(CultureInfo.InvariantCulture)).Append(" not described; list df.columns)");
                    break;
                }
                names.Append(Quote(name)).Append(", ");
            }
            builder.Append(names.ToString().TrimEnd(',', ' ')).Append('\n');
        }
        builder.Append(findingsText);
        return builder.ToString();
    }

    private static string DescribeColumn(ColumnProfile column, long rows)
    {
        var builder = new StringBuilder(Quote(column.Name)).Append(": ").Append(column.Type);
        if (column.DateFormat is { } dateFormat)
        {
            builder.Append(" (").Append(dateFormat).Append(')');
        }
        if (!column.StorageType.Equals(StorageFor(column.Type), StringComparison.OrdinalIgnoreCase))
        {
            builder.Append(", stored as ").Append(column.StorageType);
        }
        if (column.Nulls > 0)
        {
            builder.Append(", ").Append(Percent(column.Nulls, rows)).Append(" null");
        }
        builder.Append(", ").Append(Number(column.Distinct)).Append(" distinct");
        if (column.Min is { } min && column.Max is { } max)
        {
            builder.Append(", ").Append(Value(min)).Append(" … ").Append(Value(max));
        }
        if (column.Mean is { } mean && column.Type is ColumnTypes.Integer or ColumnTypes.Decimal)
        {
            builder.Append(", mean ").Append(mean.ToString("G4", CultureInfo.InvariantCulture));
        }
        if (column.Type is ColumnTypes.Categorical or ColumnTypes.Boolean && column.Top.Count > 0)
        {
            builder.Append(", top: ").AppendJoin(", ", column.Top.Take(5).Select(t => Quote(t.Value) + " " + Number(t.Count)));
        }
        else if (column.Type is ColumnTypes.Text or ColumnTypes.Identifier && column.Examples.Count > 0)
        {
            builder.Append(", e.g. ").AppendJoin(", ", column.Examples.Take(2).Select(Quote));
        }
        return builder.ToString();
    }

    /// <summary>Higher for columns that tell more: filled, varied, and of a type questions are usually about.</summary>
    private static double Informativeness(ColumnProfile column, long rows)
    {
        if (rows > 0 && (column.Distinct <= 1 || column.Nulls >= rows * 0.9))
        {
            return 0;
        }
        var filled = rows == 0 ? 1 : 1 - (double)column.Nulls / rows;
        var weight = column.Type switch
        {
            ColumnTypes.Date or ColumnTypes.DateTime => 1.0,
            ColumnTypes.Decimal or ColumnTypes.Integer => 0.95,
            ColumnTypes.Categorical or ColumnTypes.Boolean => 0.9,
            ColumnTypes.Identifier => 0.7,
            _ => 0.5,
        };
        return filled * weight;
    }

    private static string StorageFor(string type) => type switch
    {
        ColumnTypes.Integer => "BIGINT",
        ColumnTypes.Decimal => "DOUBLE",
        ColumnTypes.Boolean => "BOOLEAN",
        ColumnTypes.Date => "DATE",
        ColumnTypes.DateTime => "TIMESTAMP",
        _ => "VARCHAR",
    };

    private static string ReadHint(string fileName, TableProfile table)
    {
        var name = PythonLiteral.String(fileName);
        var read = table.Read;
        return read.Format switch
        {
            "csv" or "tsv" => $"pd.read_csv({name}, sep={PythonLiteral.String(read.Delimiter ?? ",")}{(read.Encoding is null or "utf-8" ? "" : ", encoding=" + PythonLiteral.String(read.Encoding))}{(read.Header ? "" : ", header=None")})",
            "xlsx" or "xls" => $"pd.read_excel({name}, sheet_name={PythonLiteral.String(table.Sheet ?? "")})",
            "json" => $"pd.read_json({name})",
            "jsonl" => $"pd.read_json({name}, lines=True)",
            "parquet" => $"pd.read_parquet({name})",
            _ => $"the reader for {read.Format}",
        };
    }

    private static string Value(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString("G6", CultureInfo.InvariantCulture) : Quote(value.ToString());

    private static string Quote(string text) =>
        PythonLiteral.String(text.Length <= MaxQuotedChars ? text : text[..(MaxQuotedChars - 1)] + "…");

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) =>
        whole == 0 ? "0%" : ((double)part / whole).ToString("0.#%", CultureInfo.InvariantCulture);
}
