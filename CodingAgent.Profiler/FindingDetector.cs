using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>The quality findings of a profiled table, each with a message that says how many rows and the pandas step that fixes it.</summary>
internal static class FindingDetector
{
    public const double MostlyEmptyShare = 0.9;

    public static IEnumerable<ProfileFinding> Detect(TableFacts table)
    {
        var profile = table.Profile;
        var header = profile.Read.Header;
        if (profile.DuplicateRows > 0)
        {
            yield return Finding(FindingKinds.DuplicateRows, profile.Name, null,
                profile.DuplicateRows == 1
                    ? "1 row is an exact copy of an earlier row; the step drops it and keeps the first."
                    : $"{Rows(profile.DuplicateRows)} are exact copies of earlier rows; the step drops them and keeps the first of each.",
                CleaningCode.DropDuplicateRows(), profile.DuplicateRows);
        }
        foreach (var column in table.Columns)
        {
            foreach (var finding in Detect(profile, column, header))
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<ProfileFinding> Detect(TableProfile table, ColumnFacts facts, bool header)
    {
        var plan = facts.Plan;
        var column = facts.Profile;
        var name = column.Name;
        var label = PythonLiteral.Label(name, header);
        var rows = table.Rows;
        var quoted = $"'{ProfileJson.Truncate(name)}'";
        var number = plan.Kind == ValueKind.Number;
        var time = plan.Kind == ValueKind.Time;
        var toNumber = number && plan.TextStorage ? CleaningCode.ToNumber(label, plan.NumericText) : null;

        if (rows > 0 && column.Nulls >= MostlyEmptyShare * rows)
        {
            var share = column.Nulls == rows ? "every row" : $"{Percent(column.Nulls, rows)} of the rows ({Count(column.Nulls)} of {Count(rows)})";
            yield return Finding(FindingKinds.MostlyEmpty, table.Name, name,
                $"Column {quoted} is empty in {share}; the step drops the column.", CleaningCode.DropColumn(label), column.Nulls);
            yield break;
        }
        if (rows > 1 && column.Distinct == 1)
        {
            var value = column.Top.Count > 0 ? $" '{column.Top[0].Value}'" : "";
            var missing = column.Nulls > 0 ? $" (and {Count(column.Nulls)} missing)" : "";
            yield return Finding(FindingKinds.ConstantColumn, table.Name, name,
                $"Column {quoted} holds the same value{value} in all {Count(rows - column.Nulls)} rows that have one{missing}; it tells nothing apart, so the step drops the column.",
                CleaningCode.DropColumn(label), rows);
        }
        if (facts.MarkerRows > 0)
        {
            var markers = facts.MarkerValues.Select(m => m.Length == 0 ? "blank text" : $"'{m}'");
            yield return Finding(FindingKinds.NullMarkers, table.Name, name,
                $"{Rows(facts.MarkerRows)} of {quoted} {(facts.MarkerRows == 1 ? "holds" : "hold")} {string.Join(", ", markers)} instead of a value; the step makes them missing values{(number && !plan.NumericText && facts.BadRows == 0 ? " and the column numeric" : "")}.",
                CleaningCode.MaskMarkers(label, facts.MarkerValues, toNumber: number && !plan.NumericText && facts.BadRows == 0), facts.MarkerRows);
        }
        if (facts.BadRows > 0 && (number || time))
        {
            var examples = facts.BadExamples.Count > 0 ? $" (e.g. {string.Join(", ", facts.BadExamples.Select(e => $"'{e}'"))})" : "";
            var what = number ? "numbers" : "dates";
            var code = number ? toNumber! : CleaningCode.ToDateTime(label, plan.DateFormats);
            yield return Finding(FindingKinds.MixedTypes, table.Name, name,
                $"Column {quoted} holds {what}, but {Rows(facts.BadRows)} {(facts.BadRows == 1 ? "holds" : "hold")} other text{examples}; the step converts the column to {what} and makes those values missing.",
                code, facts.BadRows);
        }
        if (facts.NumericTextRows > 0 && toNumber is not null)
        {
            yield return Finding(FindingKinds.NumericText, table.Name, name,
                $"{Rows(facts.NumericTextRows)} of {quoted} {(facts.NumericTextRows == 1 ? "is a number" : "are numbers")} written as text with currency symbols, thousands separators, percent signs or parentheses (e.g. '{plan.Examples.FirstOrDefault() ?? ""}'); the step removes the symbols and converts the column to numbers (percentages stay in percent, (12.50) becomes -12.50).",
                toNumber, facts.NumericTextRows);
        }
        if (facts.FormatCounts.Count(f => f.Rows > 0) > 1)
        {
            var formats = string.Join(", ", facts.FormatCounts.Where(f => f.Rows > 0).Select(f => $"{Count(f.Rows)} as {f.Format}"));
            var mixed = facts.FormatCounts.Where(f => f.Rows > 0).OrderByDescending(f => f.Rows).Skip(1).Sum(f => f.Rows);
            yield return Finding(FindingKinds.DateFormats, table.Name, name,
                $"Column {quoted} writes dates in {facts.FormatCounts.Count(f => f.Rows > 0)} formats ({formats}); the step parses each format into one datetime column.",
                CleaningCode.ToDateTime(label, plan.DateFormats), mixed);
        }
        var textual = column.Type is ColumnTypes.Categorical or ColumnTypes.Text or ColumnTypes.Identifier;
        if (facts.WhitespaceRows > 0 && textual)
        {
            yield return Finding(FindingKinds.Whitespace, table.Name, name,
                $"{Rows(facts.WhitespaceRows)} of {quoted} {(facts.WhitespaceRows == 1 ? "starts or ends" : "start or end")} with spaces; the step removes them.",
                CleaningCode.Strip(label), facts.WhitespaceRows);
        }
        if (facts.CaseRows > 0)
        {
            var groups = facts.CaseVariants.GroupBy(p => p.Value).Take(3)
                .Select(g => string.Join(" / ", g.Select(p => $"'{p.Key}'").Take(4)) + $" → '{g.Key}'");
            yield return Finding(FindingKinds.InconsistentCase, table.Name, name,
                $"{Rows(facts.CaseRows)} of {quoted} {(facts.CaseRows == 1 ? "spells" : "spell")} a category differently from its most frequent spelling ({string.Join("; ", groups)}); the step uses the most frequent spelling.",
                CleaningCode.UnifySpellings(label, facts.CaseVariants), facts.CaseRows);
        }
        if (column.Outliers is > 0 && facts.LowerFence is { } lower && facts.UpperFence is { } upper)
        {
            var low = lower.ToString("G6", CultureInfo.InvariantCulture);
            var high = upper.ToString("G6", CultureInfo.InvariantCulture);
            yield return Finding(FindingKinds.Outliers, table.Name, name,
                $"{Rows(column.Outliers.Value)} of {quoted} {(column.Outliers.Value == 1 ? "lies" : "lie")} outside the 1.5 × IQR fences [{low}, {high}]; the step caps them at the fences (clip) and keeps the rows. Check them first: they may be errors or real extremes.",
                CleaningCode.Clip(label, lower, upper, toNumber), column.Outliers.Value);
        }
        if (facts.KeyDuplicates is { } duplicates && (duplicates > 0 || column.Nulls > 0))
        {
            var problems = new List<string>();
            if (duplicates > 0)
            {
                problems.Add($"{Count(duplicates)} repeated {(duplicates == 1 ? "value" : "values")}");
            }
            if (column.Nulls > 0)
            {
                problems.Add($"{Count(column.Nulls)} missing");
            }
            yield return Finding(FindingKinds.KeyViolation, table.Name, name,
                $"Column {quoted} looks like the table's key ({Percent(column.Distinct, rows - column.Nulls)} unique) but has {string.Join(" and ", problems)}; the step keeps the first row of each key{(column.Nulls > 0 ? " and drops rows without one" : "")}.",
                CleaningCode.KeepFirstPerKey(label, column.Nulls > 0), duplicates + column.Nulls);
        }
    }

    private static ProfileFinding Finding(string kind, string table, string? column, string message, string code, long rows) =>
        new($"{kind}:{table}:{column}", kind, table, column, message, code, rows);

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rows(long n) => n == 1 ? "1 row" : $"{Count(n)} rows";

    private static string Percent(long part, long whole) => whole == 0 ? "0 %" : (100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
