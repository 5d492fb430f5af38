using System.Text;
using CodingAgent.Core.Artifacts;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CodingAgent.Web.Export;

/// <summary>
/// Markdown for notebook cells, held to the rules of <see cref="Rendering.SafeMarkdown"/> while staying Markdown: every
/// raw HTML block and inline tag (as CommonMark parses it) has its <c>&lt;</c> written as <c>&amp;lt;</c>, so it
/// shows as text in Jupyter instead of becoming markup; a link or image whose address <see cref="SafeUrls"/> refuses
/// (<c>javascript:</c>, <c>data:</c> links, other origins' images …) is replaced by its text. Code spans, code blocks
/// and the rest are kept. Jupyter sanitises Markdown cells as well; this does not rely on it.
/// </summary>
public static class NotebookMarkdown
{
    // CommonMark as Jupyter reads it, with the source position of every inline
    private static readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder().UsePreciseSourceLocation().Build();

    public static string EscapeHtml(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown, _pipeline);
        var edits = new List<(SourceSpan Span, string Text)>();
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case HtmlBlock or HtmlInline:
                    edits.Add((node.Span, Source(markdown, node.Span).Replace("<", "&lt;", StringComparison.Ordinal)));
                    break;
                case AutolinkInline autolink when !autolink.IsEmail && !SafeUrls.IsSafeLink(SafeUrls.Normalize(autolink.Url)):
                    edits.Add((node.Span, Source(markdown, node.Span).Replace("<", "&lt;", StringComparison.Ordinal)));
                    break;
                case LinkInline link when !IsSafe(link):
                    edits.Add((node.Span, link.IsImage || link.FirstChild is null
                        ? ""
                        : EscapeHtml(Source(markdown, new SourceSpan(link.FirstChild.Span.Start, link.LastChild!.Span.End)))));
                    break;
            }
        }
        var text = new StringBuilder(markdown.Length + 16);
        var position = 0;
        foreach (var (span, replacement) in edits.Where(e => !e.Span.IsEmpty && e.Span.Start >= 0 && e.Span.End < markdown.Length).OrderBy(e => e.Span.Start))
        {
            if (span.Start < position)
            {
                continue; // inside an edit already made (an inline of a replaced link)
            }
            text.Append(markdown, position, span.Start - position).Append(replacement);
            position = span.End + 1;
        }
        return text.Append(markdown, position, markdown.Length - position).ToString();
    }

    /// <summary>A question as a Markdown block quote, line by line, its HTML escaped.</summary>
    public static string Quote(string question) =>
        string.Join('\n', EscapeHtml(question.Trim()).ReplaceLineEndings("\n").Split('\n').Select(line => "> " + line));

    private static bool IsSafe(LinkInline link)
    {
        var url = SafeUrls.Normalize(link.Url ?? "");
        return link.IsImage ? SafeUrls.IsSafeImage(url) : SafeUrls.IsSafeLink(url);
    }

    private static string Source(string markdown, SourceSpan span) =>
        span.Start >= 0 && span.End < markdown.Length && span.End >= span.Start ? markdown.Substring(span.Start, span.Length) : "";
}
