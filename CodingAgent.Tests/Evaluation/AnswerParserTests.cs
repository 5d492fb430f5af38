using CodingAgent.Web.Evaluation;

namespace CodingAgent.Tests.Evaluation;

public sealed class AnswerParserTests
{
    [Fact]
    public void Answers_are_read_by_name_with_their_values_trimmed()
    {
        var answers = AnswerParser.Parse("The mean is 12.5.\n@mean_price[ 12.5 ]\n@top_region[North]  @count[3]");

        Assert.Equal(new Dictionary<string, string> { ["mean_price"] = "12.5", ["top_region"] = "North", ["count"] = "3" }, answers);
    }

    [Fact]
    public void A_name_given_twice_keeps_its_last_value()
    {
        var answers = AnswerParser.Parse("First guess @mean[10], then after checking: @mean[12.25]");

        Assert.Equal("12.25", answers["mean"]);
        Assert.Single(answers);
    }

    [Fact]
    public void A_value_ends_at_the_first_closing_bracket_and_never_spans_lines()
    {
        var answers = AnswerParser.Parse("@a[x]y] @b[two\nlines] @c[] @d[ok]");

        Assert.Equal("x", answers["a"]);
        Assert.False(answers.ContainsKey("b"));
        Assert.Equal("", answers["c"]);
        Assert.Equal("ok", answers["d"]);
    }

    [Fact]
    public void Names_are_case_sensitive_and_markdown_around_an_answer_does_not_hide_it()
    {
        var answers = AnswerParser.Parse("**@Mean[1]** and `@mean[2]`");

        Assert.Equal("1", answers["Mean"]);
        Assert.Equal("2", answers["mean"]);
    }

    [Fact]
    public void An_answer_without_any_closed_form_result_has_no_answers()
    {
        Assert.Empty(AnswerParser.Parse("The mean price is 12.5 (no closed form). Email me @ home [later"));
        Assert.Empty(AnswerParser.Parse(null));
    }
}
