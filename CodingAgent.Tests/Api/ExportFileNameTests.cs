using CodingAgent.Web.Export;

namespace CodingAgent.Tests.Api;

public sealed class ExportFileNameTests
{
    private static readonly Guid _session = Guid.Parse("1a2b3c4d-0000-0000-0000-000000000000");

    [Theory]
    [InlineData("Quarterly export: sales/regions", "Quarterly-export-sales-regions.ipynb")]
    [InlineData("../../etc/passwd", "etc-passwd.ipynb")]
    [InlineData("Umsatz März 2024", "Umsatz-März-2024.ipynb")]
    [InlineData("invoice\u202Efdp.exe", "invoice-fdp-exe.ipynb")]
    [InlineData("  ...  ", "session-1a2b3c4d.ipynb")]
    [InlineData("", "session-1a2b3c4d.ipynb")]
    [InlineData(null, "session-1a2b3c4d.ipynb")]
    public void A_title_becomes_a_plain_download_name(string? title, string expected) =>
        Assert.Equal(expected, ExportFileName.For(title, _session, "ipynb"));

    [Fact]
    public void A_long_title_is_cut_to_sixty_characters_before_the_extension() =>
        Assert.Equal(new string('a', ExportFileName.MaxStemLength) + ".html", ExportFileName.For(new string('a', 300), _session, "html"));
}
