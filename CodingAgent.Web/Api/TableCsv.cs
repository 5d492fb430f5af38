using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodingAgent.Core.Files;
using CodingAgent.Web.Tables;

namespace CodingAgent.Web.Api;

/// <summary>
/// A table artifact (<c>{ columns: [{ name, dtype }], rowCount, rows: [[…]] }</c>) as RFC 4180 CSV: a header of the
/// column names, then every row, CRLF line ends. Against CSV (formula) injection (OWASP), text that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return gets a leading <c>'</c>, so that a spreadsheet shows
/// it as text instead of running it; JSON numbers (<c>-5</c>) are written as they are.
/// </summary>
public static class TableCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly SearchValues<char> _formulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> _needsQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>The header of the column names, then every row as it comes (the caller streams them from the query store).</summary>
    public static async Task WriteAsync(IReadOnlyList<TableColumn> columns, IAsyncEnumerable<object?[]> rows, TextWriter writer, CancellationToken cancellationToken)
    {
        await WriteLineAsync(writer, columns.Select(c => (object?)c.Name), cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await WriteLineAsync(writer, row, cancellationToken);
        }
    }

    /// <summary>The download's name: the artifact's name with <paramref name="extension"/> for its extension.</summary>
    public static string FileName(string artifactName, string extension = ".csv")
    {
        var name = Path.GetFileNameWithoutExtension(artifactName) + extension;
        return FileNames.IsValid(name) ? name : "table" + extension;
    }

    /// <summary>One cell: empty for null, numbers and booleans as JSON writes them, anything else as neutralised, quoted text.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        string text => Text(text),
        bool flag => flag ? "true" : "false",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        JsonNode node => node.GetValueKind() switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
            JsonValueKind.String => Text(node.GetValue<string>()),
            _ => Text(node.ToJsonString()),
        },
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Text(string text)
    {
        if (text.Length > 0 && _formulaStarts.Contains(text[0]))
        {
            text = "'" + text;
        }
        return text.AsSpan().ContainsAny(_needsQuotes) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static Task WriteLineAsync(TextWriter writer, IEnumerable<object?> cells, CancellationToken cancellationToken) =>
        writer.WriteAsync((string.Join(',', cells.Select(Cell)) + "\r\n").AsMemory(), cancellationToken);
}
