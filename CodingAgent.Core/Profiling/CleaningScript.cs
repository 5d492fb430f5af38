using System.Globalization;
using System.Text;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// The one pandas script that applies chosen findings' steps to a file: it reads the file the way its profile says
/// (dialect, encoding, sheets), runs each step on the DataFrame <c>df</c> of its table, and writes the result in the
/// file's format. Text from the file (names, values) only ever appears as Python string literals.
/// </summary>
public static class CleaningScript
{
    public const string PreviewMarker = "__CODINGAGENT_CLEAN_PREVIEW__";

    /// <summary>Rows of the sample before and after shown by a preview.</summary>
    public const int PreviewRows = 20;

    public const int PreviewCellChars = 200;

    /// <summary>
    /// What the kernel runs for <paramref name="script"/>: the script in a namespace of its own, so that its <c>df</c>
    /// and <c>pd</c> never replace the session's variables of those names.
    /// </summary>
    public static string Isolated(string script) =>
        $"exec(compile({PythonLiteral.String(script)}, \"<cleaning>\", \"exec\"), {{\"__name__\": \"__cleaning__\"}})\n";

    /// <summary>Formats a cleaning can write back in the sandbox (it has no Parquet or .xls writer).</summary>
    public static bool CanWrite(string format) => format is "csv" or "tsv" or "xlsx" or "json" or "jsonl";

    /// <summary>The script that writes the cleaned file to <paramref name="output"/> (for people: the file's own name).</summary>
    public static string Build(string fileName, FileProfile profile, IReadOnlyList<ProfileFinding> steps, string output)
    {
        var builder = new StringBuilder();
        builder.Append("import pandas as pd\n\n");
        var tables = Tables(profile, steps);
        var format = tables[0].Read.Format;
        if (format is "xlsx")
        {
            builder.Append("sheets = pd.read_excel(").Append(PythonLiteral.String(fileName)).Append(", sheet_name=None)\n");
            foreach (var table in tables)
            {
                builder.Append("\n# table ").Append(table.Name).Append('\n');
                builder.Append("df = sheets[").Append(PythonLiteral.String(table.Sheet ?? "")).Append("]\n");
                AppendSteps(builder, steps.Where(s => s.Table == table.Name));
                builder.Append("sheets[").Append(PythonLiteral.String(table.Sheet ?? "")).Append("] = df\n");
            }
            builder.Append("\nwith pd.ExcelWriter(").Append(PythonLiteral.String(output)).Append(", engine=\"openpyxl\") as writer:\n");
            builder.Append("    for sheet_name, frame in sheets.items():\n");
            builder.Append("        frame.to_excel(writer, sheet_name=sheet_name, index=False)\n");
            return builder.ToString();
        }
        var only = tables[0];
        builder.Append("df = ").Append(Read(fileName, only, null)).Append('\n');
        AppendSteps(builder, steps);
        builder.Append('\n').Append(Write(only, output)).Append('\n');
        return builder.ToString();
    }

    /// <summary>
    /// The script that runs the steps on the first <paramref name="sampleRows"/> rows of the first table they touch and
    /// prints, after <see cref="PreviewMarker"/>, one JSON line with the sample's first rows before and after.
    /// </summary>
    public static string BuildPreview(string fileName, FileProfile profile, IReadOnlyList<ProfileFinding> steps, int sampleRows)
    {
        var table = Tables(profile, steps)[0];
        var builder = new StringBuilder();
        builder.Append("import pandas as pd\n\n");
        builder.Append("df = ").Append(Read(fileName, table, sampleRows)).Append('\n');
        builder.Append("__ca_before = df.copy()\n");
        AppendSteps(builder, steps.Where(s => s.Table == table.Name));
        builder.Append(PreviewPrinter.Replace("    __CA_CELL__", Files.FilePreviewScript.CellFunction, StringComparison.Ordinal).Replace("__ROWS__", PreviewRows.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__CELL__", PreviewCellChars.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__MARKER__", PreviewMarker, StringComparison.Ordinal));
        return builder.ToString();
    }

    /// <summary>The tables the steps touch, in the file's order.</summary>
    public static IReadOnlyList<TableProfile> Tables(FileProfile profile, IReadOnlyList<ProfileFinding> steps)
    {
        var names = steps.Select(s => s.Table).ToHashSet(StringComparer.Ordinal);
        var tables = profile.Tables.Where(t => names.Contains(t.Name)).ToList();
        return tables.Count > 0 ? tables : throw new CleaningException("The chosen findings belong to no table of the file.");
    }

    private static void AppendSteps(StringBuilder builder, IEnumerable<ProfileFinding> steps)
    {
        foreach (var step in steps)
        {
            builder.Append("\n# ").Append(Comment(step)).Append('\n');
            builder.Append(step.Code.TrimEnd()).Append('\n');
        }
    }

    private static string Comment(ProfileFinding step)
    {
        var text = $"{step.Kind}{(step.Column is null ? "" : " · " + step.Column)}: {step.Message}";
        return string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
    }

    private static string Read(string fileName, TableProfile table, int? sampleRows)
    {
        var read = table.Read;
        var path = PythonLiteral.String(fileName);
        var args = new List<string>();
        string call;
        switch (read.Format)
        {
            case "csv" or "tsv":
                call = "pd.read_csv";
                args.Add(path);
                args.Add("sep=" + PythonLiteral.String(read.Delimiter ?? (read.Format == "tsv" ? "\t" : ",")));
                if (read.Quote is { Length: 1 } quote)
                {
                    args.Add("quotechar=" + PythonLiteral.String(quote));
                }
                args.Add("encoding=" + PythonLiteral.String(read.Encoding ?? "utf-8"));
                if (!read.Header)
                {
                    // pandas numbers the columns 0, 1, …, as the profile names them
                    args.Add("header=None");
                }
                if (sampleRows is { } csvRows)
                {
                    args.Add("nrows=" + csvRows.ToString(CultureInfo.InvariantCulture));
                }
                return $"{call}({string.Join(", ", args)})";
            case "xlsx" or "xls":
                call = $"pd.read_excel({path}, sheet_name={PythonLiteral.String(table.Sheet ?? "")})";
                break;
            case "json":
                call = $"pd.read_json({path})";
                break;
            case "jsonl":
                call = $"pd.read_json({path}, lines=True)";
                break;
            default:
                throw new CleaningException($"A {read.Format} file cannot be cleaned in the sandbox (pandas there has no {read.Format} reader); clean its CSV copy instead.");
        }
        return sampleRows is { } rows ? $"{call}.head({rows.ToString(CultureInfo.InvariantCulture)})" : call;
    }

    private static string Write(TableProfile table, string output)
    {
        var path = PythonLiteral.String(output);
        return table.Read.Format switch
        {
            "csv" or "tsv" => $"df.to_csv({path}, sep={PythonLiteral.String(table.Read.Delimiter ?? (table.Read.Format == "tsv" ? "\t" : ","))}, index=False{(table.Read.Header ? "" : ", header=False")})",
            "json" => $"df.to_json({path}, orient=\"records\", date_format=\"iso\", force_ascii=False)",
            "jsonl" => $"df.to_json({path}, orient=\"records\", lines=True, date_format=\"iso\", force_ascii=False)",
            var format => throw new CleaningException($"A cleaned {format} file cannot be written in the sandbox; clean its CSV copy instead."),
        };
    }

    private const string PreviewPrinter = """

        def __ca_print_preview(before, after):
            import json, math
            max_cell = __CELL__
            __CA_CELL__
            def rows(frame):
                return [[cell(v) for v in row] for row in frame.head(__ROWS__).itertuples(index=False, name=None)]
            print("__MARKER__" + json.dumps({
                "sampleRows": len(before), "rowsAfter": len(after),
                "columnsBefore": [str(c) for c in before.columns], "before": rows(before),
                "columnsAfter": [str(c) for c in after.columns], "after": rows(after),
            }))
        __ca_print_preview(__ca_before, df)
        del __ca_print_preview, __ca_before

        """;
}
