using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Evaluation;

namespace CodingAgent.Tests.Evaluation;

/// <summary>The sample question set in eval/: what its generator makes, answers that pandas agrees with, and a file the command accepts.</summary>
public sealed class ShippedQuestionSetTests
{
    private static string EvalFolder => Path.Combine(Repository.Root, "eval");

    [Fact]
    public async Task The_shipped_question_set_is_accepted_and_is_dabench_style()
    {
        var set = await QuestionSet.LoadAsync(Path.Combine(EvalFolder, "questions.jsonl"), CancellationToken.None);

        Assert.Empty(set.Problems);
        Assert.InRange(set.Questions.Count, 6, 10);
        Assert.Contains(set.Questions, q => q.Answers.Values.Any(a => a.Text is not null));
        Assert.Contains(set.Questions, q => q.Answers.Count > 1);
        var size = Directory.EnumerateFiles(EvalFolder, "*.csv", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(size, 1, 200 * 1024);
    }

    [Fact]
    public async Task The_generator_makes_exactly_the_committed_files_and_pandas_agrees_with_every_answer()
    {
        var output = Directory.CreateTempSubdirectory("codingagent-eval-generated-").FullName;
        try
        {
            var generated = await HostPython.RunAsync(EvalFolder, $"import runpy, sys; sys.argv = ['generate.py', '--out', {Quote(output)}]; runpy.run_path('generate.py', run_name='__main__')");
            Assert.True(generated.ExitCode == 0, generated.Stderr);
            foreach (var file in new[] { "questions.jsonl", "datasets/employees.csv", "datasets/sales.csv" })
            {
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(EvalFolder, file)), await File.ReadAllBytesAsync(Path.Combine(output, file)));
            }

            var checkedAnswers = await HostPython.RunAsync(EvalFolder, "import runpy, sys; sys.argv = ['generate.py', '--check']; runpy.run_path('generate.py', run_name='__main__')");
            Assert.True(checkedAnswers.ExitCode == 0, checkedAnswers.Stdout + checkedAnswers.Stderr);
            Assert.StartsWith("all answers match pandas", checkedAnswers.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
