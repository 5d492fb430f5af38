using CodingAgent.Core.Artifacts;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CodingAgent.Web.Rendering;

/// <summary>
/// Renders the model's Markdown as HTML that cannot run script or load anything from elsewhere: raw HTML is
/// escaped, no extension that writes attributes from the text is enabled, links keep only http, https, mailto and
/// this app's paths (others become their text), and images keep only this app's artifacts and inline raster data
/// (others become their alt text).
/// </summary>
public static class SafeMarkdown
{
    public const string ExternalLinkRel = "noopener noreferrer nofollow";

    private static readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .DisableHtml()
        .Build();

    public static string ToHtml(string? markdown)
    {
        var document = Markdig.Markdown.Parse(markdown ?? "", _pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            Sanitize(link);
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            Sanitize(autolink);
        }
        return Markdig.Markdown.ToHtml(document, _pipeline);
    }

    private static void Sanitize(LinkInline link)
    {
        var url = SafeUrls.Normalize(link.GetDynamicUrl?.Invoke() ?? link.Url ?? "");
        link.GetDynamicUrl = null;
        if (link.IsImage ? !SafeUrls.IsSafeImage(url) : !SafeUrls.IsSafeLink(url))
        {
            // the text (an image's alt text) stays where the link was, as plain inlines
            while (link.FirstChild is { } child)
            {
                child.Remove();
                link.InsertBefore(child);
            }
            link.Remove();
            return;
        }
        link.Url = url;
        if (!link.IsImage && SafeUrls.IsExternalLink(url))
        {
            MarkExternal(link);
        }
    }

    private static void Sanitize(AutolinkInline autolink)
    {
        var url = SafeUrls.Normalize(autolink.Url);
        if (autolink.IsEmail || SafeUrls.IsSafeLink(url))
        {
            MarkExternal(autolink);
            return;
        }
        autolink.ReplaceBy(new LiteralInline(autolink.Url));
    }

    private static void MarkExternal(Inline link)
    {
        var attributes = link.GetAttributes();
        attributes.AddPropertyIfNotExist("rel", ExternalLinkRel);
        attributes.AddPropertyIfNotExist("target", "_blank");
    }
}
