using CodingAgent.Web.Evaluation;

namespace CodingAgent.Tests.Evaluation;

public sealed class QuestionSetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("codingagent-questions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<QuestionSet> LoadAsync(params string[] lines)
    {
        var path = Path.Combine(_folder, "questions.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return await QuestionSet.LoadAsync(path, CancellationToken.None);
    }

    [Fact]
    public async Task Questions_are_read_with_their_files_beside_the_question_file_and_numbers_or_texts_as_answers()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "data"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "data", "sales.csv"), "a\n1\n");

        var set = await LoadAsync(
            """{"id": "q1", "question": "Mean of a?", "files": ["data/sales.csv"], "answers": {"mean_a": 1.5, "name": " North "}, "level": "easy"}""",
            "",
            """{"id": 7, "question": "No files?", "answers": {"n": 3}}""");

        Assert.Empty(set.Problems);
        Assert.Equal(2, set.Questions.Count);
        var first = set.Questions[0];
        Assert.Equal(("q1", 1, "Mean of a?"), (first.Id, first.Line, first.Question));
        Assert.Equal([Path.Combine(_folder, "data", "sales.csv")], first.Files);
        Assert.Equal(ExpectedAnswer.Of(1.5), first.Answers["mean_a"]);
        Assert.Equal("North", first.Answers["name"].Text);
        Assert.Equal(("7", 3), (set.Questions[1].Id, set.Questions[1].Line));
        Assert.Empty(set.Questions[1].Files);
    }

    [Fact]
    public async Task Every_bad_line_is_reported_with_its_line_number()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "a.csv"), "a\n1\n");
        Directory.CreateDirectory(Path.Combine(_folder, "other"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "other", "a.csv"), "a\n2\n");

        var set = await LoadAsync(
            """{"id": "ok", "question": "Fine", "files": ["a.csv"], "answers": {"x": 1}}""",
            """{"id": "broken", "question": "Fine",""",
            """{"question": "No id", "answers": {"x": 1}}""",
            """{"id": "ok", "question": "Same id", "answers": {"x": 1}}""",
            """{"id": "q5", "question": "Missing file", "files": ["missing.csv"], "answers": {"x": 1}}""",
            """{"id": "q6", "question": "", "answers": {"x": 1}}""",
            """{"id": "q7", "question": "Bad answers", "answers": {"two words": 1, "flag": true}}""",
            """{"id": "q8", "question": "No answers", "answers": {}}""",
            """{"id": "q9", "question": "Same name twice", "files": ["a.csv", "other/a.csv"], "answers": {"x": 1}}""",
            """[1, 2]""");

        Assert.Single(set.Questions);
        var path = Path.Combine(_folder, "questions.jsonl");
        string[] expectedStarts =
        [
            $"{path}, line 2: not valid JSON",
            $"{path}, line 3: \"id\" is missing",
            $"{path}, line 4: the id \"ok\" is already used on line 1",
            $"{path}, line 5: the file \"missing.csv\" does not exist",
            $"{path}, line 6: \"question\" is missing",
            $"{path}, line 7: the answer name \"two words\" cannot be written as @name[value]",
            $"{path}, line 7: the answer \"flag\" must be a number or a string",
            $"{path}, line 8: \"answers\" must be an object with at least one name",
            $"{path}, line 9: two files are named \"a.csv\"",
            $"{path}, line 10: not a JSON object",
        ];
        Assert.Equal(expectedStarts.Length, set.Problems.Count);
        foreach (var (expected, actual) in expectedStarts.Zip(set.Problems))
        {
            Assert.StartsWith(expected, actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_or_empty_question_file_is_a_problem()
    {
        var missing = await QuestionSet.LoadAsync(Path.Combine(_folder, "nope.jsonl"), CancellationToken.None);
        var empty = await LoadAsync("", "  ");

        Assert.Contains("no such file", Assert.Single(missing.Problems), StringComparison.Ordinal);
        Assert.Contains("no questions", Assert.Single(empty.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prompt_asks_for_every_expected_name_in_the_closed_form()
    {
        var set = await LoadAsync("""{"id": "q", "question": "Which month had the most revenue, and how much?", "answers": {"month": "2023-03", "revenue": 1.5}}""");

        var prompt = EvaluationPrompt.For(set.Questions[0]);

        Assert.StartsWith("Which month had the most revenue, and how much?\n\n", prompt, StringComparison.Ordinal);
        Assert.Contains("in the form @name[value]: @month[...], @revenue[...].", prompt, StringComparison.Ordinal);
    }
}
