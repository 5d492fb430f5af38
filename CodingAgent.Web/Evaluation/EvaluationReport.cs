using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodingAgent.Web.Evaluation;

/// <summary>The results file: <see cref="Accuracy"/> is a fraction from 0 to 1 (correct questions over all questions, those that could not run included).</summary>
public sealed record EvaluationReport(double Accuracy, IReadOnlyList<QuestionResult> Questions)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public int CorrectCount => Questions.Count(q => q.Correct);

    public static EvaluationReport Of(IReadOnlyList<QuestionResult> questions) =>
        new(questions.Count == 0 ? 0 : (double)questions.Count(q => q.Correct) / questions.Count, questions);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await using var file = File.Create(full);
        await JsonSerializer.SerializeAsync(file, new { accuracy = Accuracy, questions = Questions }, _json, cancellationToken);
    }
}
