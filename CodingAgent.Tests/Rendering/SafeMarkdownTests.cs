using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CodingAgent.Web.Rendering;

namespace CodingAgent.Tests.Rendering;

public sealed partial class SafeMarkdownTests
{
    private const string Artifact = "/api/artifacts/2567a1f0-3b7c-4c1e-9a44-0d1f6a2b9c11/content";
    private const string Png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private static readonly HashSet<string> _allowedElements =
        ["p", "a", "img", "em", "strong", "del", "ins", "mark", "sub", "sup", "code", "pre", "ul", "ol", "li", "input",
         "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "br"];

    private static readonly HashSet<string> _allowedAttributes =
        ["href", "rel", "target", "title", "src", "alt", "class", "type", "disabled", "checked", "start", "style"];

    [GeneratedRegex(@"^(https?://|mailto:|/(?![/\\]))", RegexOptions.IgnoreCase)]
    private static partial Regex SafeHref();

    [GeneratedRegex(@"^(/api/artifacts/[0-9a-f-]{36}/content|data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+)$")]
    private static partial Regex SafeSrc();

    public static TheoryData<string> Payloads() =>
    [
        // generic attributes are not parsed: they stay text and never become attributes
        "![x](x){onerror=alert(1)}",
        "![x](" + Artifact + "){onerror=alert(1)}",
        "[t](https://example.com){.class #id style=\"color:red\" onclick=alert(1)}",
        "# Title {#main .cls style=\"position:fixed\" onmouseover=alert(1)}",
        "para {onload=alert(1)}\n{.x onfocus=alert(1) autofocus tabindex=1}",
        // script schemes, however they are spelled
        "[t](javascript:alert(1))",
        "[t](JaVaScRiPt:alert(1))",
        "[t](<java\tscript:alert(1)>)",
        "[t](<\u0001javascript:alert(1)>)",
        "[t](javascript&#58;alert(1))",
        "[t](java&#9;script:alert(1))",
        "[t](java&#10;script:alert(1))",
        "[t](&#106;avascript:alert(1))",
        "[t](&#x6A;avascript&colon;alert(1))",
        "[t](%6Aavascript:alert(1))",
        "[t]( javascript:alert(1) )",
        "[t](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[t](vbscript:msgbox(1))",
        "[t](file:///etc/passwd)",
        "[t](//evil.example/x)",
        "[t](/\\evil.example/x)",
        "[t](\\\\evil.example/x)",
        "[t](#top)",
        // raw HTML is escaped
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<iframe src=\"//evil.example\"></iframe>\n\n<div onmouseover=\"alert(1)\">x</div>",
        "text <svg onload=alert(1)> more <style>*{display:none}</style>",
        // autolinks
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<vbscript:msgbox(1)>",
        // reference-style links and images
        "[t][r]\n\n[r]: javascript:alert(1)",
        "[t]\n\n[t]: javascript:alert(1) \"title\"",
        "![i][r]\n\n[r]: http://evil.example/x.png",
        "![i]\n\n[i]: //evil.example/x.png",
        // images from elsewhere or of other kinds
        "![x](http://evil.example/x.png)",
        "![x](https://evil.example/x.png \"t\")",
        "![x](//evil.example/x.png)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](/api/sessions)",
        "![x](" + Artifact + "?x=1)",
        "![x](<data:image/png;base64,AAA\" onerror=\"alert(1)>)",
        "[![x](http://evil.example/x.png)](javascript:alert(1))",
        // quotes that try to leave an attribute
        "[t](https://example.com \"a\\\" onmouseover=\\\"alert(1)\")",
        "[t](<https://example.com/\" onmouseover=\"alert(1)>)",
        "```js\" onmouseover=\"alert(1)\ncode\n```",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Hostile_markdown_renders_no_handler_script_link_or_foreign_image(string markdown)
    {
        AssertInert(SafeMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void Markdown_attributes_never_become_html_attributes()
    {
        var html = SafeMarkdown.ToHtml("![x](" + Artifact + "){onerror=alert(1)}\n\n[t](https://example.com){.class #id style=\"color:red\"}");

        var body = Parse(html);
        var image = Assert.Single(body.QuerySelectorAll("img"));
        Assert.Equal(["src", "alt"], image.Attributes.Select(a => a.Name));
        var link = Assert.Single(body.QuerySelectorAll("a"));
        Assert.Equal(["href", "rel", "target"], link.Attributes.Select(a => a.Name));
        Assert.Contains("{onerror=alert(1)}", body.TextContent);
    }

    [Fact]
    public void A_script_link_becomes_its_text()
    {
        var body = Parse(SafeMarkdown.ToHtml("Please [click **here**](javascript:alert(1)) now."));

        Assert.Empty(body.QuerySelectorAll("a"));
        Assert.Equal("here", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("Please click here now.", body.TextContent.Trim());
    }

    [Fact]
    public void A_foreign_image_becomes_its_alt_text()
    {
        var body = Parse(SafeMarkdown.ToHtml("See ![the leak](http://evil.example/x.png) here."));

        Assert.Empty(body.QuerySelectorAll("img"));
        Assert.Equal("See the leak here.", body.TextContent.Trim());
    }

    [Fact]
    public void A_script_autolink_becomes_plain_text()
    {
        var body = Parse(SafeMarkdown.ToHtml("go <javascript:alert(1)>"));

        Assert.Empty(body.QuerySelectorAll("a"));
        Assert.Equal("go javascript:alert(1)", body.TextContent.Trim());
    }

    [Fact]
    public void External_links_open_without_referrer_or_opener()
    {
        var body = Parse(SafeMarkdown.ToHtml("[docs](https://example.com/a?b=1), <mailto:x@example.com>, <y@example.com> and www.example.org"));

        var links = body.QuerySelectorAll("a");
        Assert.Equal(["https://example.com/a?b=1", "mailto:x@example.com", "mailto:y@example.com", "http://www.example.org"], links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a =>
        {
            Assert.Equal(SafeMarkdown.ExternalLinkRel, a.GetAttribute("rel"));
            Assert.Equal("_blank", a.GetAttribute("target"));
        });
    }

    [Fact]
    public void Links_to_the_apps_own_paths_stay_in_the_app()
    {
        var link = Assert.Single(Parse(SafeMarkdown.ToHtml("[the file](/api/sessions/1/files/sales.csv)")).QuerySelectorAll("a"));

        Assert.Equal("/api/sessions/1/files/sales.csv", link.GetAttribute("href"));
        Assert.False(link.HasAttribute("target"));
    }

    [Fact]
    public void Artifact_and_inline_raster_images_render()
    {
        var images = Parse(SafeMarkdown.ToHtml($"![chart]({Artifact}) ![dot]({Png})")).QuerySelectorAll("img");

        Assert.Equal([Artifact, Png], images.Select(i => i.GetAttribute("src")));
        Assert.Equal(["chart", "dot"], images.Select(i => i.GetAttribute("alt")));
    }

    [Fact]
    public void Tables_task_lists_emphasis_and_code_still_render()
    {
        var body = Parse(SafeMarkdown.ToHtml("""
            | month | revenue |
            |---|---|
            | Jan | 10 |

            - [x] loaded
            - [ ] plotted

            ~~old~~ **new** *it*

            ```python
            df.head()
            ```
            """));

        Assert.Equal(["month", "revenue"], body.QuerySelectorAll("th").Select(c => c.TextContent));
        Assert.Equal(["Jan", "10"], body.QuerySelectorAll("td").Select(c => c.TextContent));
        Assert.Equal([true, false], body.QuerySelectorAll("input[type=checkbox]").Select(c => c.HasAttribute("checked")));
        Assert.Equal("old", body.QuerySelector("del")!.TextContent);
        Assert.Equal("new", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("it", body.QuerySelector("em")!.TextContent);
        Assert.Equal("language-python", body.QuerySelector("pre code")!.GetAttribute("class"));
        AssertInert(body.InnerHtml);
    }

    [Fact]
    public void Raw_html_is_shown_as_text()
    {
        var html = SafeMarkdown.ToHtml("<script>alert(1)</script><img src=x onerror=alert(2)>");

        Assert.Contains("&lt;script&gt;", html);
        Assert.Equal("<script>alert(1)</script><img src=x onerror=alert(2)>", Parse(html).TextContent.Trim());
    }

    private static IElement Parse(string html)
    {
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        return document.Body!;
    }

    private static void AssertInert(string html)
    {
        foreach (var element in Parse(html).QuerySelectorAll("*"))
        {
            Assert.True(_allowedElements.Contains(element.LocalName), $"element <{element.LocalName}> in {html}");
            foreach (var attribute in element.Attributes)
            {
                Assert.True(_allowedAttributes.Contains(attribute.Name), $"attribute {attribute.Name} in {html}");
                Assert.DoesNotContain("javascript", attribute.Value, StringComparison.OrdinalIgnoreCase);
            }
            if (element.GetAttribute("style") is { } style)
            {
                Assert.Matches("^text-align: (left|center|right);$", style);
            }
            if (element.GetAttribute("class") is { } css)
            {
                Assert.Matches("^(language-[^ ]+|task-list-item|contains-task-list|task-list-item-checkbox)$", css);
            }
            if (element.LocalName == "a")
            {
                Assert.Matches(SafeHref(), element.GetAttribute("href") ?? "");
            }
            if (element.LocalName == "img")
            {
                Assert.Matches(SafeSrc(), element.GetAttribute("src") ?? "");
            }
        }
    }
}
