using System.Text;
using CodingAgent.Core.Files;

namespace CodingAgent.Tests.Files;

public sealed class FileNamesTests
{
    [Theory]
    [InlineData(0x202A)]
    [InlineData(0x202B)]
    [InlineData(0x202C)]
    [InlineData(0x202D)]
    [InlineData(0x202E)]
    [InlineData(0x2066)]
    [InlineData(0x2067)]
    [InlineData(0x2068)]
    [InlineData(0x2069)]
    [InlineData(0x200E)]
    [InlineData(0x200F)]
    [InlineData(0x061C)]
    [InlineData(0x200B)] // zero-width space
    [InlineData(0xFEFF)] // byte order mark
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0x2028)] // line separator
    public void Bidirectional_controls_and_other_invisible_format_characters_are_refused_without_being_repeated(int codePoint)
    {
        var name = "invoice" + char.ConvertFromUtf32(codePoint) + "fdp.exe";

        var refused = Assert.Throws<InvalidFileNameException>(() => FileNames.Validate(name));

        Assert.Contains($"U+{codePoint:X4}", refused.Message);
        Assert.DoesNotContain(char.ConvertFromUtf32(codePoint), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unpaired_surrogate_is_refused()
    {
        Assert.Contains("unpaired surrogate", Assert.Throws<InvalidFileNameException>(() => FileNames.Validate("a\uD800b.csv")).Message);
    }

    [Fact]
    public void A_name_over_255_utf8_bytes_is_refused_even_under_200_characters()
    {
        var name = new string('日', 100) + ".csv";
        Assert.Equal(304, Encoding.UTF8.GetByteCount(name));

        var refused = Assert.Throws<InvalidFileNameException>(() => FileNames.Validate(name));

        Assert.Contains("304 bytes", refused.Message);
        Assert.Contains("at most 255 bytes", refused.Message);
    }

    [Theory]
    [InlineData("Umsatz_2023_Köln.csv")]
    [InlineData("données (1).xlsx")]
    [InlineData("مبيعات.csv")]
    [InlineData("日本語のデータ.parquet")]
    [InlineData("a-b_c.d.csv")]
    public void Ordinary_names_in_any_script_are_allowed(string name)
    {
        Assert.Equal(name, FileNames.Validate(name));
        Assert.True(FileNames.IsValid(name));
    }

    [Fact]
    public void A_name_of_exactly_255_utf8_bytes_is_allowed()
    {
        var name = new string('日', 83) + "xy.csv";
        Assert.Equal(255, Encoding.UTF8.GetByteCount(name));

        Assert.Equal(name, FileNames.Validate(name));
    }
}
