using Bunit;
using CodingAgent.Web.Components.Chat;

namespace CodingAgent.Tests.Components;

public sealed class MarkdownTextTests : BunitContext
{
    [Fact]
    public void Markdown_from_the_model_renders_without_handlers_script_links_or_foreign_images()
    {
        var cut = Render<MarkdownText>(p => p.Add(x => x.Text, """
            **Revenue** rose. ![x](x){onerror=window.__pwned=1} [click](javascript:window.__pwned=2)
            ![leak](http://127.0.0.1:9/leak.png) <img src=x onerror=alert(1)> [docs](https://example.com)
            """));

        Assert.Equal("Revenue", cut.Find(".ca-markdown strong").TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("[onerror]"));
        var link = Assert.Single(cut.FindAll("a"));
        Assert.Equal("https://example.com", link.GetAttribute("href"));
        Assert.Equal("noopener noreferrer nofollow", link.GetAttribute("rel"));
        Assert.Contains("click", cut.Find(".ca-markdown").TextContent);
        Assert.Contains("leak", cut.Find(".ca-markdown").TextContent);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup);
    }
}
