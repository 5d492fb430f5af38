using CodingAgent.Core.Configuration;

namespace CodingAgent.Tests.Configuration;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("from-setting", "from-variable", "from-setting")]
    [InlineData("", "from-variable", "from-variable")]
    [InlineData("   ", "from-variable", "from-variable")]
    [InlineData(null, "from-variable", "from-variable")]
    [InlineData(null, " ", null)]
    public void The_first_non_blank_value_wins_in_the_order_given(string? first, string? second, string? expected) =>
        Assert.Equal(expected, Settings.FirstNonBlank(first, second));
}
