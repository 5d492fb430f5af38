using System.Diagnostics;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// Runs the host's python3 with Debian's pandas: reads a fixture as pandas would with a table's
/// <see cref="TableReadOptions"/>, runs a finding's cleaning code on <c>df</c>, and reports what came out.
/// </summary>
public static class Pandas
{
    private const string Reader = """
        import json, sys
        import pandas as pd

        request = json.load(sys.stdin)
        read = request["read"]

        def load():
            path = request["path"]
            if read["format"] in ("csv", "tsv"):
                return pd.read_csv(path, sep=read["delimiter"], quotechar=read["quote"], encoding=read["encoding"], header=0 if read["header"] else None)
            if read["format"] in ("xlsx", "xls"):
                return pd.read_excel(path, sheet_name=request["sheet"])
            if read["format"] == "jsonl":
                return pd.read_json(path, lines=True)
            return pd.read_json(path)

        def describe(df, column):
            out = {"rows": len(df), "columns": [str(c) for c in df.columns], "duplicates": int(df.duplicated().sum())}
            if column is not None and column in df.columns:
                values = df[column]
                out["dtype"] = str(values.dtype)
                out["values"] = [None if pd.isna(v) else (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v)) for v in values]
            return out

        results = []
        for step in request["steps"]:
            scope = {"pd": pd, "df": load()}
            exec(step["code"], scope)
            results.append(describe(scope["df"], step.get("column")))
        scope = {"pd": pd, "df": load()}
        for step in request["steps"]:
            exec(step["code"], scope)
        results.append(describe(scope["df"], None))
        print(json.dumps(results))
        """;

    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>
    /// Runs each finding's code on a fresh <c>df</c> (one result per finding, describing its column), then all of them
    /// one after the other (the last result).
    /// </summary>
    public static async Task<IReadOnlyList<PandasResult>> RunStepsAsync(string path, TableProfile table, IReadOnlyList<ProfileFinding> findings)
    {
        var request = JsonSerializer.Serialize(new
        {
            path,
            read = table.Read,
            sheet = table.Sheet,
            steps = findings.Select(f => new { code = f.Code, column = f.Column }),
        }, JsonSerializerOptions.Web);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Reader);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(request);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "pandas failed: " + await error);
        return JsonSerializer.Deserialize<List<PandasResult>>(await output, JsonSerializerOptions.Web)!;
    }

    /// <summary>Writes a file with pandas (e.g. a workbook through openpyxl) from Python code that uses <c>path</c>.</summary>
    public static async Task WriteAsync(string path, string code)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import pandas as pd\npath = " + JsonSerializer.Serialize(path) + "\n" + code);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "python failed: " + await error);
    }
}
