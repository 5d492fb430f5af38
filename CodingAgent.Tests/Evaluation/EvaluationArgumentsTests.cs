using CodingAgent.Web.Evaluation;

namespace CodingAgent.Tests.Evaluation;

public sealed class EvaluationArgumentsTests
{
    [Fact]
    public void The_question_file_output_keep_flag_and_settings_are_told_apart()
    {
        var (arguments, problem) = EvaluationArguments.Parse(["eval", "q.jsonl", "--Llm:Model=gpt-4o", "--out", "r.json", "--keep-sessions"]);

        Assert.Null(problem);
        Assert.Equal(("q.jsonl", "r.json", true), (arguments!.QuestionsPath, arguments.OutPath, arguments.KeepSessions));
        Assert.Equal(["--Llm:Model=gpt-4o"], arguments.HostArguments);
        Assert.Equal("r.json", EvaluationArguments.Parse(["eval", "--out=r.json", "q.jsonl"]).Arguments!.OutPath);
        Assert.Null(EvaluationArguments.Parse(["eval", "q.jsonl"]).Arguments!.OutPath);
    }

    [Theory]
    [InlineData(new[] { "eval" }, "The question file is missing.")]
    [InlineData(new[] { "eval", "q.jsonl", "--out" }, "--out needs a file name.")]
    [InlineData(new[] { "eval", "q.jsonl", "--ot", "r.json" }, "Unknown option --ot")]
    [InlineData(new[] { "eval", "a.jsonl", "b.jsonl" }, "Only one question file")]
    public void Wrong_command_lines_say_what_is_wrong(string[] args, string problem)
    {
        var (arguments, said) = EvaluationArguments.Parse(args);

        Assert.Null(arguments);
        Assert.StartsWith(problem, said, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_a_first_argument_of_eval_selects_the_command()
    {
        Assert.True(EvaluationArguments.IsEvaluation(["eval", "q.jsonl"]));
        Assert.False(EvaluationArguments.IsEvaluation([]));
        Assert.False(EvaluationArguments.IsEvaluation(["--urls", "http://127.0.0.1:0", "eval"]));
    }
}
