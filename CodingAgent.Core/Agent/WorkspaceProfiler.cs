using System.Text;
using System.Text.Json;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Agent;

/// <summary>
/// Describes the workspace's tables (columns, types, a few sample rows) for the system prompt.
/// The description is produced by a fixed script in the session's own sandbox, so a hostile file is only
/// ever parsed there; what comes back is bounded and treated as data.
/// </summary>
internal static class WorkspaceProfiler
{
    private const string Marker = "__CODINGAGENT_PROFILE__";

    private const string Script = """
        def __ca_profile(names, sample_rows):
            import json, os
            import pandas as pd
            def cell(v):
                s = str(v)
                return s if len(s) <= 40 else s[:37] + "..."
            out = []
            for name in names:
                entry = {"name": name, "tables": []}
                try:
                    ext = os.path.splitext(name)[1].lower()
                    frames = {}
                    if ext in (".csv", ".tsv", ".txt"):
                        frames[""] = pd.read_csv(name, nrows=1000, sep=None, engine="python")
                        if os.path.getsize(name) < 200_000_000:
                            with open(name, "rb") as f:
                                entry["rows"] = max(sum(1 for _ in f) - 1, 0)
                    elif ext in (".xlsx", ".xlsm", ".xls"):
                        frames = pd.read_excel(name, sheet_name=None, nrows=1000)
                    elif ext == ".parquet":
                        df = pd.read_parquet(name)
                        entry["rows"] = len(df)
                        frames[""] = df.head(1000)
                    elif ext == ".json":
                        frames[""] = pd.read_json(name)
                    else:
                        entry["note"] = "not recognised as a table"
                    for sheet, df in list(frames.items())[:5]:
                        entry["tables"].append({
                            "sheet": str(sheet),
                            "columns": [[cell(c), str(df[c].dtype)] for c in df.columns[:60]],
                            "columnCount": int(df.shape[1]),
                            "sample": [[cell(v) for v in row] for row in df.head(sample_rows).values.tolist()],
                        })
                except Exception as e:
                    entry["note"] = "could not be read as a table: " + type(e).__name__ + ": " + cell(e)
                out.append(entry)
            print("__CODINGAGENT_PROFILE__" + json.dumps(out))
        __ca_profile(__CA_NAMES__, __CA_ROWS__)
        del __ca_profile
        """;

    public static string BuildScript(IReadOnlyList<string> fileNames, int sampleRows) =>
        Script.Replace("__CA_NAMES__", JsonSerializer.Serialize(fileNames), StringComparison.Ordinal)
              .Replace("__CA_ROWS__", sampleRows.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static async Task<string> DescribeAsync(IKernel kernel, IReadOnlyList<string> fileNames, int sampleRows, int maxChars, CancellationToken cancellationToken)
    {
        if (fileNames.Count == 0)
        {
            return "The workspace has no files yet. Ask the user to upload a CSV, Excel or Parquet file if the question needs data.";
        }
        var result = await kernel.ExecuteAsync(BuildScript(fileNames, sampleRows), null, cancellationToken);
        var line = result.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (line is null)
        {
            return "Files in the workspace: " + string.Join(", ", fileNames) + " (they could not be profiled).";
        }
        var builder = new StringBuilder();
        using var document = JsonDocument.Parse(line[Marker.Length..]);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var text = FormatEntry(entry);
            if (builder.Length + text.Length > maxChars)
            {
                builder.Append("(more files are in the workspace; list them with os.listdir())\n");
                break;
            }
            builder.Append(text);
        }
        return builder.ToString();
    }

    private static string FormatEntry(JsonElement entry)
    {
        var builder = new StringBuilder();
        builder.Append("- file `").Append(entry.GetProperty("name").GetString()).Append('`');
        if (entry.TryGetProperty("rows", out var rows))
        {
            builder.Append(", ").Append(rows.GetInt64()).Append(" data rows");
        }
        if (entry.TryGetProperty("note", out var note))
        {
            builder.Append(" — ").Append(note.GetString());
        }
        builder.Append('\n');
        foreach (var table in entry.GetProperty("tables").EnumerateArray())
        {
            var sheet = table.GetProperty("sheet").GetString();
            if (!string.IsNullOrEmpty(sheet))
            {
                builder.Append("  sheet `").Append(sheet).Append("`\n");
            }
            builder.Append("  columns (").Append(table.GetProperty("columnCount").GetInt32()).Append("): ");
            builder.AppendJoin(", ", table.GetProperty("columns").EnumerateArray().Select(c => $"{c[0].GetString()} ({c[1].GetString()})"));
            builder.Append('\n');
            foreach (var row in table.GetProperty("sample").EnumerateArray())
            {
                builder.Append("  | ").AppendJoin(" | ", row.EnumerateArray().Select(v => v.GetString()?.ReplaceLineEndings(" "))).Append('\n');
            }
        }
        return builder.ToString();
    }
}
