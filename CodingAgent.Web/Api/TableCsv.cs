using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodingAgent.Core.Files;

namespace CodingAgent.Web.Api;

/// <summary>
/// A table artifact (<c>{ columns: [{ name, dtype }], rowCount, rows: [[…]] }</c>) as RFC 4180 CSV: a header of the
/// column names, then every stored row, CRLF line ends. Against CSV (formula) injection (OWASP), text that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return gets a leading <c>'</c>, so that a spreadsheet shows
/// it as text instead of running it; JSON numbers (<c>-5</c>) are written as they are.
/// </summary>
public static class TableCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly SearchValues<char> _formulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> _needsQuotes = SearchValues.Create(",\"\r\n");

    public static async Task WriteAsync(JsonObject table, TextWriter writer, CancellationToken cancellationToken)
    {
        await WriteLineAsync(writer, (table["columns"]?.AsArray() ?? []).Select(c => c is JsonObject column ? column["name"] : c), cancellationToken);
        foreach (var row in table["rows"]?.AsArray() ?? [])
        {
            await WriteLineAsync(writer, row is JsonArray cells ? cells : [row], cancellationToken);
        }
    }

    /// <summary>The download's name: the artifact's name with <c>.csv</c> for its extension.</summary>
    public static string FileName(string artifactName)
    {
        var name = Path.GetFileNameWithoutExtension(artifactName) + ".csv";
        return FileNames.IsValid(name) ? name : "table.csv";
    }

    /// <summary>One cell: empty for null, numbers and booleans as JSON writes them, anything else as neutralised, quoted text.</summary>
    public static string Cell(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        JsonValueKind.String => Text(value.GetValue<string>()),
        _ => Text(value.ToJsonString()),
    };

    private static string Text(string text)
    {
        if (text.Length > 0 && _formulaStarts.Contains(text[0]))
        {
            text = "'" + text;
        }
        return text.AsSpan().ContainsAny(_needsQuotes) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static Task WriteLineAsync(TextWriter writer, IEnumerable<JsonNode?> cells, CancellationToken cancellationToken) =>
        writer.WriteAsync((string.Join(',', cells.Select(Cell)) + "\r\n").AsMemory(), cancellationToken);
}
