using System.Text;
using System.Text.Json;
using CodingAgent.Core.Profiling;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Profiling.ProfileSamples;

namespace CodingAgent.Tests.Profiling;

/// <summary>The cleaning script runs for real with the host's python3 and pandas, the interpreter the sandbox uses.</summary>
public sealed class CleaningScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cleaning-script-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Csv_is_read_with_its_dialect_and_encoding_cleaned_in_the_profiles_order_and_written_in_the_same_dialect()
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, "sales.csv"), Encoding.Latin1.GetBytes("region;amount\n Nord ;1\nSüd;2\nSüd;2\n"));
        var read = new TableReadOptions("csv", ";", "\"", "latin-1", true);
        var profile = Ready([Table("sales", read, [Column("region"), Column("amount", ColumnTypes.Integer)])], [
            Finding(FindingKinds.Whitespace, "sales", "region", "df[\"region\"] = df[\"region\"].str.strip()"),
            Finding(FindingKinds.DuplicateRows, "sales", null, "df = df.drop_duplicates()"),
        ]);

        var script = CleaningScript.Build("sales.csv", profile, profile.Findings, "out.csv");
        var outcome = await HostPython.RunAsync(_folder, CleaningScript.Isolated(script));

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal("region;amount\nNord;1\nSüd;2\n", (await File.ReadAllTextAsync(Path.Combine(_folder, "out.csv"))).ReplaceLineEndings("\n"));
        Assert.True(script.IndexOf("str.strip", StringComparison.Ordinal) < script.IndexOf("drop_duplicates", StringComparison.Ordinal));
        Assert.Contains("encoding=\"latin-1\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_without_a_header_is_cleaned_by_column_position_and_written_without_one()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "raw.csv"), " a ,1\nb,2\n");
        var profile = Ready([Table("raw", new TableReadOptions("csv", ",", "\"", "utf-8", false), [Column("0"), Column("1", ColumnTypes.Integer)])],
            [Finding(FindingKinds.Whitespace, "raw", "0", $"df[{PythonLiteral.Label("0", header: false)}] = df[{PythonLiteral.Label("0", header: false)}].str.strip()")]);

        var outcome = await HostPython.RunAsync(_folder, CleaningScript.Isolated(CleaningScript.Build("raw.csv", profile, profile.Findings, "out.csv")));

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal("a,1\nb,2\n", (await File.ReadAllTextAsync(Path.Combine(_folder, "out.csv"))).ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_workbook_keeps_every_sheet_and_only_the_cleaned_sheet_changes()
    {
        var made = await HostPython.RunAsync(_folder, """
            import pandas as pd
            with pd.ExcelWriter("book.xlsx") as w:
                pd.DataFrame({"a": [" x", "y "]}).to_excel(w, sheet_name="First", index=False)
                pd.DataFrame({"b": [" keep "]}).to_excel(w, sheet_name="Second", index=False)
            """);
        Assert.True(made.ExitCode == 0, made.Stderr);
        var read = new TableReadOptions("xlsx", null, null, null, true);
        var profile = Ready([Table("book_first", read, [Column("a")], sheet: "First"), Table("book_second", read, [Column("b")], sheet: "Second")],
            [Finding(FindingKinds.Whitespace, "book_first", "a", "df[\"a\"] = df[\"a\"].str.strip()")], "xlsx");

        var outcome = await HostPython.RunAsync(_folder, CleaningScript.Isolated(CleaningScript.Build("book.xlsx", profile, profile.Findings, "out.xlsx")) + """
            import pandas as pd, json
            sheets = pd.read_excel("out.xlsx", sheet_name=None)
            print(json.dumps({k: v.iloc[:, 0].tolist() for k, v in sheets.items()}))
            """);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal("{\"First\": [\"x\", \"y\"], \"Second\": [\" keep \"]}", outcome.Stdout.Trim());
    }

    [Fact]
    public async Task Json_lines_are_written_back_as_json_lines()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "events.jsonl"), "{\"k\": 1}\n{\"k\": 1}\n{\"k\": 2}\n");
        var profile = Ready([Table("events", new TableReadOptions("jsonl", null, null, "utf-8", true), [Column("k", ColumnTypes.Integer)])],
            [Finding(FindingKinds.DuplicateRows, "events", null, "df = df.drop_duplicates()")], "jsonl");

        var outcome = await HostPython.RunAsync(_folder, CleaningScript.Isolated(CleaningScript.Build("events.jsonl", profile, profile.Findings, "out.jsonl")));

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal(["{\"k\":1}", "{\"k\":2}"], (await File.ReadAllLinesAsync(Path.Combine(_folder, "out.jsonl"))).Where(l => l.Length > 0));
    }

    [Fact]
    public async Task Names_from_the_file_stay_string_literals_and_never_become_code()
    {
        const string hostile = "x\"]); open(\"pwned\", \"w\"); df[\"";
        const string fileName = "we\"ird 'name'.csv";
        await File.WriteAllTextAsync(Path.Combine(_folder, fileName), $"\"{hostile.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n a \n");
        var profile = Ready([Table("weird", new TableReadOptions("csv", ",", "\"", "utf-8", true), [Column(hostile)])],
            [Finding(FindingKinds.Whitespace, "weird", hostile, $"df[{PythonLiteral.String(hostile)}] = df[{PythonLiteral.String(hostile)}].str.strip()", "line\nbreak \"quoted\"")]);

        var outcome = await HostPython.RunAsync(_folder, CleaningScript.Isolated(CleaningScript.Build(fileName, profile, profile.Findings, "out.csv")));

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.False(File.Exists(Path.Combine(_folder, "pwned")));
        Assert.Equal("a", (await File.ReadAllLinesAsync(Path.Combine(_folder, "out.csv")))[1]);
    }

    [Fact]
    public async Task The_script_runs_in_a_namespace_of_its_own_and_leaves_the_sessions_df_alone()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "t.csv"), "a\n1\n1\n");
        var profile = Ready([Table("t", new TableReadOptions("csv", ",", "\"", "utf-8", true), [Column("a", ColumnTypes.Integer)])],
            [Finding(FindingKinds.DuplicateRows, "t", null, "df = df.drop_duplicates()")]);

        var outcome = await HostPython.RunAsync(_folder, "df = 'mine'\npd = 'also mine'\n" + CleaningScript.Isolated(CleaningScript.Build("t.csv", profile, profile.Findings, "out.csv")) + "print(df, pd)\n");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal("mine also mine", outcome.Stdout.Trim());
    }

    [Fact]
    public async Task A_preview_runs_on_a_sample_and_prints_the_first_rows_before_and_after()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "t.csv"), "a,b\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $" v{i % 3} ,{i}\n")));
        var profile = Ready([Table("t", new TableReadOptions("csv", ",", "\"", "utf-8", true), [Column("a"), Column("b", ColumnTypes.Integer)])],
            [Finding(FindingKinds.Whitespace, "t", "a", "df[\"a\"] = df[\"a\"].str.strip()")]);

        var outcome = await HostPython.RunAsync(_folder, CleaningScript.Isolated(CleaningScript.BuildPreview("t.csv", profile, profile.Findings, 30)));

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var line = outcome.Stdout.Split('\n').Single(l => l.StartsWith(CleaningScript.PreviewMarker, StringComparison.Ordinal));
        using var preview = JsonDocument.Parse(line[CleaningScript.PreviewMarker.Length..]);
        Assert.Equal(30, preview.RootElement.GetProperty("sampleRows").GetInt32());
        Assert.Equal(CleaningScript.PreviewRows, preview.RootElement.GetProperty("before").GetArrayLength());
        Assert.Equal(" v0 ", preview.RootElement.GetProperty("before")[0][0].GetString());
        Assert.Equal("v0", preview.RootElement.GetProperty("after")[0][0].GetString());
    }

    [Fact]
    public void A_parquet_file_is_refused_with_a_pointer_to_its_csv_copy()
    {
        var profile = Ready([Table("p", new TableReadOptions("parquet", null, null, null, true), [Column("a")])],
            [Finding(FindingKinds.DuplicateRows, "p", null, "df = df.drop_duplicates()")], "parquet");

        var error = Assert.Throws<CleaningException>(() => CleaningScript.Build("p.parquet", profile, profile.Findings, "out.parquet"));

        Assert.Contains("CSV copy", error.Message, StringComparison.Ordinal);
    }
}
