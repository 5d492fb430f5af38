using System.Globalization;

namespace CodingAgent.Web.Evaluation;

/// <summary>The per-question table and the accuracy line that <c>eval</c> prints.</summary>
public static class ResultsTable
{
    private static readonly string[] _headers = ["id", "correct", "steps", "self-corrections", "tokens in", "tokens out", "seconds", "status"];

    public static async Task WriteAsync(TextWriter output, EvaluationReport report)
    {
        var rows = report.Questions.Select(q => new[]
        {
            q.Id,
            q.Correct ? "✓" : "✗",
            Number(q.Steps),
            Number(q.SelfCorrections),
            Number(q.InputTokens),
            Number(q.OutputTokens),
            q.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
            q.Error is null ? q.Status : q.Status + ": " + OneLine(q.Error),
        }).ToList();
        var widths = _headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        await output.WriteLineAsync(Format(_headers, widths));
        foreach (var row in rows)
        {
            await output.WriteLineAsync(Format(row, widths));
        }
        await output.WriteLineAsync(Summary(report));
    }

    /// <summary>e.g. <c>Accuracy: 2/3 = 66.7%</c>.</summary>
    public static string Summary(EvaluationReport report) => string.Create(CultureInfo.InvariantCulture,
        $"Accuracy: {report.CorrectCount}/{report.Questions.Count} = {report.Accuracy * 100:0.0}%");

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    // text columns (id, status) left-aligned, the rest right-aligned; the last column is not padded
    private static string Format(string[] cells, int[] widths) => string.Join("  ", cells.Select((cell, i) =>
        i == cells.Length - 1 ? cell : i is 0 or 1 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd();
}
