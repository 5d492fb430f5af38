using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodingAgent.Core.Files;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// A question file: JSON Lines, one question a line,
/// <c>{ "id", "question", "files": [ paths relative to this file ], "answers": { "name": number or string } }</c>;
/// blank lines are skipped and other fields ignored. Everything is checked before anything runs: each problem names
/// its line.
/// </summary>
public sealed partial class QuestionSet
{
    private QuestionSet(IReadOnlyList<EvaluationQuestion> questions, IReadOnlyList<string> problems)
    {
        Questions = questions;
        Problems = problems;
    }

    public IReadOnlyList<EvaluationQuestion> Questions { get; }

    /// <summary>What is wrong with the file, one message a problem, each naming its line; empty when it can run.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>A name <c>@name[value]</c> can carry (as InfiAgent-DABench's <c>@(\w+)\[</c>).</summary>
    [GeneratedRegex(@"^\w+$")]
    private static partial Regex AnswerName();

    public static async Task<QuestionSet> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            // dotnet run starts a web project in its own folder: the full path shows where a relative one was looked for
            return new QuestionSet([], [$"{path}: no such file ({full})."]);
        }
        var folder = Path.GetDirectoryName(full)!;
        var lines = await File.ReadAllLinesAsync(full, cancellationToken);
        var questions = new List<EvaluationQuestion>();
        var problems = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var line = i + 1;
            var lineProblems = new List<string>();
            var question = Read(lines[i], line, folder, lineProblems);
            if (question is not null && ids.TryGetValue(question.Id, out var first))
            {
                lineProblems.Add($"the id \"{question.Id}\" is already used on line {first}.");
            }
            problems.AddRange(lineProblems.Select(p => $"{path}, line {line}: {p}"));
            if (question is not null && lineProblems.Count == 0)
            {
                ids[question.Id] = line;
                questions.Add(question);
            }
        }
        if (questions.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{path}: no questions (one JSON object a line).");
        }
        return new QuestionSet(questions, problems);
    }

    private static EvaluationQuestion? Read(string text, int line, string folder, List<string> problems)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problems.Add("not valid JSON: " + ex.Message);
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("not a JSON object.");
            return null;
        }
        var id = ReadId(root, problems);
        var question = root.TryGetProperty("question", out var q) && q.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(q.GetString())
            ? q.GetString()!.Trim()
            : null;
        if (question is null)
        {
            problems.Add("\"question\" is missing or not a non-empty string.");
        }
        var files = ReadFiles(root, folder, problems);
        var answers = ReadAnswers(root, problems);
        return id is null || question is null ? null : new EvaluationQuestion(line, id, question, files, answers);
    }

    private static string? ReadId(JsonElement root, List<string> problems)
    {
        if (root.TryGetProperty("id", out var id))
        {
            if (id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString()))
            {
                return id.GetString()!.Trim();
            }
            // InfiAgent-DABench numbers its questions
            if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var number))
            {
                return number.ToString(CultureInfo.InvariantCulture);
            }
        }
        problems.Add("\"id\" is missing (a non-empty string or an integer).");
        return null;
    }

    private static List<string> ReadFiles(JsonElement root, string folder, List<string> problems)
    {
        var files = new List<string>();
        if (!root.TryGetProperty("files", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return files;
        }
        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(f.GetString())))
        {
            problems.Add("\"files\" must be an array of paths (relative to the question file).");
            return files;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var relative in list.EnumerateArray().Select(f => f.GetString()!))
        {
            var full = Path.GetFullPath(Path.Combine(folder, relative));
            if (!File.Exists(full))
            {
                problems.Add($"the file \"{relative}\" does not exist ({full}).");
                continue;
            }
            var name = Path.GetFileName(full);
            if (FileNames.Problem(name) is { } bad)
            {
                problems.Add($"the file \"{relative}\" cannot be uploaded under its name: {bad}");
            }
            else if (!names.Add(name))
            {
                problems.Add($"two files are named \"{name}\"; a session holds each name once.");
            }
            files.Add(full);
        }
        return files;
    }

    private static Dictionary<string, ExpectedAnswer> ReadAnswers(JsonElement root, List<string> problems)
    {
        var answers = new Dictionary<string, ExpectedAnswer>(StringComparer.Ordinal);
        if (!root.TryGetProperty("answers", out var map) || map.ValueKind != JsonValueKind.Object || !map.EnumerateObject().Any())
        {
            problems.Add("\"answers\" must be an object with at least one name, e.g. { \"mean_price\": 12.5 }.");
            return answers;
        }
        foreach (var answer in map.EnumerateObject())
        {
            if (!AnswerName().IsMatch(answer.Name))
            {
                problems.Add($"the answer name \"{answer.Name}\" cannot be written as @name[value] (letters, digits and _ only).");
            }
            else if (answer.Value.ValueKind == JsonValueKind.Number)
            {
                answers[answer.Name] = ExpectedAnswer.Of(answer.Value.GetDouble());
            }
            else if (answer.Value.ValueKind == JsonValueKind.String)
            {
                answers[answer.Name] = ExpectedAnswer.Of(answer.Value.GetString()!);
            }
            else
            {
                problems.Add($"the answer \"{answer.Name}\" must be a number or a string.");
            }
        }
        return answers;
    }
}
