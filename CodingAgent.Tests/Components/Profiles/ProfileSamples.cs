using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Components.Profiles;

/// <summary>Profiles as the profiler makes them: a sales CSV with three findings, its cleaned version, a workbook, hostile text.</summary>
internal static class ProfileSamples
{
    public const string Hostile = "<img src=x onerror=alert(1)>";

    public static readonly TableReadOptions Csv = new("csv", ",", "\"", "utf-8", true);

    public static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value);

    public static ColumnProfile Column(
        string name, string type, long nulls = 0, long distinct = 10, string storage = "VARCHAR", string? dateFormat = null,
        JsonElement? min = null, JsonElement? max = null, double? mean = null, double? std = null,
        IReadOnlyList<TopValue>? top = null, IReadOnlyList<HistogramBin>? histogram = null, IReadOnlyList<string>? examples = null) =>
        new(name, type, storage, dateFormat, nulls, 0, distinct, min, max, mean, std, mean is null ? null : [1, 5, 10, 50, 100],
            top ?? [], histogram, examples ?? []);

    public static IReadOnlyList<HistogramBin> Bins(params long[] counts) =>
        [.. counts.Select((count, i) => new HistogramBin((i * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), ((i + 1) * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), count))];

    public static ProfileFinding Finding(string kind, string? column, string message, string code, long rows = 3, string table = "sales") =>
        new($"{kind}:{table}:{column}", kind, table, column, message, code, rows);

    /// <summary>sales.csv: 1,000 rows; amounts as "$1,234.50" text, regions with stray spaces, and two duplicate rows.</summary>
    public static FileProfile Sales(int version = 1) => new(
        ProfileStatuses.Ready, null,
        [
            new TableProfile("sales", null, 1000, 4, 48_000, 2, Csv,
            [
                Column("order_id", ColumnTypes.Identifier, distinct: 998, storage: "BIGINT", min: Json(1), max: Json(1000), examples: ["1", "2", "3"]),
                Column("amount", ColumnTypes.Decimal, nulls: 12, distinct: 640, min: Json(0.5), max: Json(12_500.25), mean: 1234.5, std: 88.25,
                    top: [new("$1,234.50", 9), new("$99.00", 3)], histogram: Bins(10, 40, 120, 30, 2), examples: ["$1,234.50", "$99.00"]),
                Column("region", ColumnTypes.Categorical, nulls: 0, distinct: 7,
                    top: [new("North", 400), new("South", 300), new(" North", 200), new("south", 100)], examples: ["North", " North"]),
                Column("ordered", ColumnTypes.Date, distinct: 365, dateFormat: "%d.%m.%Y", min: Json("2025-01-01"), max: Json("2025-12-31"),
                    histogram: Bins(80, 90, 85, 88), examples: ["01.01.2025"]),
            ]),
        ],
        [
            Finding(FindingKinds.DuplicateRows, null, "2 rows repeat an earlier row.", "df = df.drop_duplicates()", 2),
            Finding(FindingKinds.NumericText, "amount", "amount holds numbers as text with currency symbols and thousands separators.",
                "df[\"amount\"] = pd.to_numeric(df[\"amount\"].str.replace(r\"[$,]\", \"\", regex=True), errors=\"coerce\")", 988),
            Finding(FindingKinds.Whitespace, "region", "region has values with leading or trailing spaces.", "df[\"region\"] = df[\"region\"].str.strip()", 200),
        ],
        "csv", 1, null, version);

    /// <summary>The sales file after its duplicate rows and stray spaces were cleaned: 998 rows, 4 regions, no findings.</summary>
    public static FileProfile CleanedSales() => Sales(2) with
    {
        Tables = [Sales().Tables[0] with
        {
            Rows = 998,
            DuplicateRows = 0,
            Columns = [.. Sales().Tables[0].Columns.Select(c => c.Name == "region" ? c with { Distinct = 4 } : c)],
        }],
        Findings = [Sales().Findings[1]],
    };

    public static CleaningPreview SamplePreview(string code) => new(
        code, "sales", 5, 4,
        ["order_id", "region"], [[Json(1), Json("North")], [Json(2), Json(" North")], [Json(2), Json(" North")], [Json(3), Json("south")], [Json(4), Json("South")]],
        ["order_id", "region"], [[Json(1), Json("North")], [Json(2), Json("North")], [Json(3), Json("south")], [Json(4), Json("South")]]);

    /// <summary>A workbook of two sheets, one with a note about columns left out.</summary>
    public static FileProfile Workbook() => new(
        ProfileStatuses.Ready, null,
        [
            new TableProfile("book.Plan", "Plan", 10, 1, 9000, 0, new("xlsx", null, null, null, true), [Column("target", ColumnTypes.Integer, storage: "BIGINT")]),
            new TableProfile("book.Actual", "Actual", 12, 600, 9000, 0, new("xlsx", null, null, null, true), [Column("spent", ColumnTypes.Decimal, storage: "DOUBLE")],
                ["c501", "c502"]),
        ],
        [], "xlsx", 1, ["Only the first 500 of 600 columns of book.Actual are profiled."], 1);

    /// <summary>A table of <paramref name="columns"/> integer columns c1, c2, … with a histogram each.</summary>
    public static FileProfile Wide(int columns) => new(
        ProfileStatuses.Ready, null,
        [new TableProfile("wide", null, 50, columns, 1_000_000, 0, Csv,
            [.. Enumerable.Range(1, columns).Select(i => Column($"c{i}", ColumnTypes.Integer, storage: "BIGINT", histogram: Bins(1, 2, 3)))])],
        [], "csv", 1, null, 1);

    /// <summary>A file whose column name, values, bin labels, sheet and finding carry markup.</summary>
    public static FileProfile HostileText() => new(
        ProfileStatuses.Ready, null,
        [
            new TableProfile("evil", null, 3, 1, 100, 0, Csv,
            [
                Column(Hostile, ColumnTypes.Text, distinct: 3, top: [new(Hostile, 2)], examples: [Hostile],
                    histogram: [new(Hostile, Hostile, 2)]),
            ]),
            new TableProfile($"evil.{Hostile}", Hostile, 1, 1, 100, 0, new("xlsx", null, null, null, true), [Column("x", ColumnTypes.Integer)]),
        ],
        [Finding(FindingKinds.Whitespace, Hostile, $"{Hostile} has spaces.", $"df[\"{Hostile}\"] = df[\"{Hostile}\"].str.strip()", table: "evil")],
        "csv", 1, [Hostile], 1);
}
