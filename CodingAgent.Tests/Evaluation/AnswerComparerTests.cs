using CodingAgent.Web.Evaluation;

namespace CodingAgent.Tests.Evaluation;

public sealed class AnswerComparerTests
{
    [Theory]
    [InlineData(100.0, "100")]
    [InlineData(100.0, "100.0000")]
    [InlineData(100.0, "100.00009")]
    [InlineData(100.0, "99.99991")]
    [InlineData(100.0, "1e2")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.6904, " 0.6904 ")]
    public void Numbers_within_a_relative_tolerance_of_one_millionth_match(double expected, string given) =>
        Assert.True(AnswerComparer.Matches(ExpectedAnswer.Of(expected), given));

    [Theory]
    [InlineData(100.0, "100.00011")]
    [InlineData(100.0, "99.99989")]
    [InlineData(0.6904, "0.69")]
    [InlineData(-2.5, "2.5")]
    public void Numbers_further_off_than_the_tolerance_do_not_match(double expected, string given) =>
        Assert.False(AnswerComparer.Matches(ExpectedAnswer.Of(expected), given));

    [Fact]
    public void Near_zero_the_absolute_tolerance_of_one_billionth_applies()
    {
        var zero = ExpectedAnswer.Of(0);

        Assert.True(AnswerComparer.Matches(zero, "0"));
        Assert.True(AnswerComparer.Matches(zero, "-0.0"));
        Assert.True(AnswerComparer.Matches(zero, "5e-10"));
        Assert.False(AnswerComparer.Matches(zero, "2e-9"));
        Assert.True(AnswerComparer.Matches(ExpectedAnswer.Of(1e-12), "0"));
    }

    [Theory]
    [InlineData("1,234.5")]
    [InlineData("1234.5 USD")]
    [InlineData("$1234.5")]
    [InlineData("1234,5")]
    [InlineData("123450%")]
    [InlineData("NaN")]
    [InlineData("")]
    [InlineData("about 1234.5")]
    public void A_number_must_be_written_plainly(string given) =>
        Assert.False(AnswerComparer.Matches(ExpectedAnswer.Of(1234.5), given));

    [Fact]
    public void Text_matches_exactly_once_surrounding_whitespace_is_trimmed()
    {
        var north = ExpectedAnswer.Of(" North ");

        Assert.True(AnswerComparer.Matches(north, "North"));
        Assert.True(AnswerComparer.Matches(north, "  North\t"));
        Assert.False(AnswerComparer.Matches(north, "north"));
        Assert.False(AnswerComparer.Matches(north, "North region"));
        Assert.False(AnswerComparer.Matches(ExpectedAnswer.Of("2023-03"), "2023-3"));
        // a text answer that looks like a number is still text
        Assert.False(AnswerComparer.Matches(ExpectedAnswer.Of("7"), "7.0"));
    }

    [Fact]
    public void A_question_is_correct_only_when_every_expected_name_is_present_and_matches()
    {
        var expected = new Dictionary<string, ExpectedAnswer> { ["month"] = ExpectedAnswer.Of("2023-03"), ["revenue"] = ExpectedAnswer.Of(13748.79) };

        Assert.True(AnswerComparer.AllMatch(expected, AnswerParser.Parse("@month[2023-03] @revenue[13748.79] @extra[ignored]")));
        Assert.False(AnswerComparer.AllMatch(expected, AnswerParser.Parse("@month[2023-03]")));
        Assert.False(AnswerComparer.AllMatch(expected, AnswerParser.Parse("@month[2023-03] @revenue[13748.77]")));
        // the last of a repeated name decides
        Assert.True(AnswerComparer.AllMatch(expected, AnswerParser.Parse("@month[2023-04] @revenue[1] … corrected: @month[2023-03] @revenue[13748.79]")));
        Assert.False(AnswerComparer.AllMatch(expected, AnswerParser.Parse("@month[2023-03] @revenue[13748.79] … no: @month[2023-04]")));
    }
}
