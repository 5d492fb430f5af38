using CodingAgent.Web.Export;

namespace CodingAgent.Tests.Rendering;

public sealed class NotebookMarkdownTests
{
    [Theory]
    [InlineData("a <script>alert(1)</script> b", "a &lt;script>alert(1)&lt;/script> b")]
    [InlineData("<div onclick=x>\nhi\n</div>", "&lt;div onclick=x>\nhi\n&lt;/div>")]
    [InlineData("x <img src=x onerror=alert(2)> y", "x &lt;img src=x onerror=alert(2)> y")]
    [InlineData("keep `<b>code</b>` and **bold**", "keep `<b>code</b>` and **bold**")]
    [InlineData("```\n<script>\n```", "```\n<script>\n```")]
    [InlineData("see <https://example.com>", "see <https://example.com>")]
    [InlineData("[click](javascript:alert(1)) and [ok](https://example.com)", "click and [ok](https://example.com)")]
    [InlineData("[**bold <i>x</i>**](vbscript:x)", "**bold &lt;i>x&lt;/i>**")]
    [InlineData("<javascript:alert(1)>", "&lt;javascript:alert(1)>")]
    [InlineData("![tracker](https://evil.example/p.png) ![ok](/api/artifacts/00000000-0000-0000-0000-000000000001/content)", " ![ok](/api/artifacts/00000000-0000-0000-0000-000000000001/content)")]
    public void Raw_html_in_markdown_becomes_text_and_code_stays_as_written(string markdown, string expected) =>
        Assert.Equal(expected, NotebookMarkdown.EscapeHtml(markdown));

    [Fact]
    public void A_question_becomes_a_block_quote_with_its_markup_escaped() =>
        Assert.Equal("> first &lt;b>\n> &lt;script>x", NotebookMarkdown.Quote("first <b>\n<script>x"));
}
