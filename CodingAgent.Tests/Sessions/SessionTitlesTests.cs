using CodingAgent.Core.Domain;
using CodingAgent.Web.Components.Chat;

namespace CodingAgent.Tests.Sessions;

public sealed class SessionTitlesTests
{
    [Fact]
    public void A_short_question_is_its_own_title_on_one_line()
    {
        Assert.Equal("Show me revenue by month", SessionTitles.FromQuestion("  Show me\n\trevenue   by month \r\n"));
    }

    [Fact]
    public void A_long_multi_line_question_becomes_one_line_cut_at_a_word_with_an_ellipsis()
    {
        var question = "Please look at the sales file I uploaded and tell me\nwhich regions grew fastest in 2023 compared with 2022, and why";

        var title = SessionTitles.FromQuestion(question);

        Assert.True(title.Length <= SessionTitles.MaxQuestionTitleLength, title);
        Assert.Equal("Please look at the sales file I uploaded and tell me which…", title);
        Assert.DoesNotContain('\n', title);
    }

    [Fact]
    public void A_long_word_is_cut_without_splitting_a_surrogate_pair()
    {
        var title = SessionTitles.FromQuestion(new string('a', 58) + "😀😀😀");

        Assert.True(title.Length <= SessionTitles.MaxQuestionTitleLength);
        Assert.False(char.IsHighSurrogate(title[^2]));
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(5, "5 min ago")]
    [InlineData(180, "3 h ago")]
    [InlineData(60 * 24 * 3, "3 days ago")]
    [InlineData(60 * 24 * 40, "2 Feb")]
    [InlineData(60 * 24 * 400, "8 Feb 2024")]
    public void Last_activity_is_shown_relative_to_now(int minutesAgo, string expected)
    {
        var now = new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, RelativeTime.Format(now.AddMinutes(-minutesAgo), now));
    }

    [Fact]
    public void Yesterday_is_the_previous_calendar_day()
    {
        var now = new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal("yesterday", RelativeTime.Format(new DateTimeOffset(2025, 3, 13, 8, 0, 0, TimeSpan.Zero), now));
    }
}
