using CodingAgent.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

public sealed class ProfilerFileNameTests
{
    [Theory]
    [InlineData("sales 2024.csv", "sales 2024.csv")]
    [InlineData("données-été.xlsx", "données-été.xlsx")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\report.csv", "report.csv")]
    [InlineData("-rf.csv", "_rf.csv")]
    [InlineData(".bashrc", "_bashrc")]
    [InlineData("..", "input")]
    [InlineData("", "input")]
    [InlineData("...csv", "_..csv")]
    [InlineData("a\u0000b\nc\u202Ed.csv", "a_b_c_d.csv")]
    [InlineData("$(reboot);`id`|x.csv", "_(reboot)__id__x.csv")]
    public void A_file_name_keeps_letters_digits_and_harmless_marks_only(string fileName, string expected) =>
        Assert.Equal(expected, ProfilerFileName.Sanitize(fileName));

    [Fact]
    public void A_long_name_is_cut_and_keeps_its_extension()
    {
        var name = ProfilerFileName.Sanitize(new string('a', 500) + ".parquet");

        Assert.Equal(ProfilerFileName.MaxLength, name.Length);
        Assert.EndsWith("a.parquet", name, StringComparison.Ordinal);
    }
}
