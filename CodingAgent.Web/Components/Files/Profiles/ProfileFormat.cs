using System.Globalization;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>The words and numbers a profile is shown with (invariant culture, so the page reads the same everywhere).</summary>
public static class ProfileFormat
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A measured number: at most 4 significant decimals, thousands grouped.</summary>
    public static string Number(double value) =>
        Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A share of <paramref name="of"/> in percent, one decimal ("0 %" for an empty table).</summary>
    public static string Percent(long part, long of) =>
        of <= 0 ? "0 %" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / of:0.#} %");

    /// <summary>A profile's min or max as text: numbers as measured, text as it is, nothing for no value.</summary>
    public static string Value(JsonElement? value) => value switch
    {
        null => "",
        { ValueKind: JsonValueKind.Number } number => number.TryGetDouble(out var d) ? Number(d) : number.GetRawText(),
        { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "",
        { } other => other.GetRawText(),
    };

    /// <summary>A value as text that shows what matters for its quality: quoted when it has leading or trailing white space, "(empty)" when empty.</summary>
    public static string Visible(string value) => value switch
    {
        "" => "(empty)",
        _ when char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) => $"\"{value}\"",
        _ => value,
    };

    /// <summary>"date (%d.%m.%Y)" for dates with a detected format, else the type.</summary>
    public static string Type(ColumnProfile column) => column.DateFormat is { Length: > 0 } format ? $"{column.Type} ({format})" : column.Type;

    /// <summary>One line about a table: rows, columns, size, duplicates and how it was read.</summary>
    public static string Summary(TableProfile table)
    {
        var parts = new List<string>
        {
            $"{Count(table.Rows)} rows",
            $"{Count(table.ColumnCount)} columns",
            FileSizes.Format(table.SizeBytes),
            $"{Count(table.DuplicateRows)} duplicate rows",
            table.Read.Format,
        };
        if (table.Read.Encoding is { } encoding)
        {
            parts.Add(encoding);
        }
        if (table.Read.Delimiter is { } delimiter)
        {
            parts.Add($"delimiter {Delimiter(delimiter)}");
        }
        if (table.Sheet is { } sheet)
        {
            parts.Add($"sheet {sheet}");
        }
        return string.Join(" · ", parts);
    }

    private static string Delimiter(string delimiter) => delimiter switch
    {
        "\t" => "tab",
        " " => "space",
        _ => $"\"{delimiter}\"",
    };
}
