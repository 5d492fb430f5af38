using System.Text.RegularExpressions;

namespace CodingAgent.Core.Artifacts;

/// <summary>
/// Which URLs in text written by the model or by its code may reach the page: links to http, https and mailto or to
/// this app's own paths, and images that are this app's artifacts or inline raster data. Everything else is
/// refused, so nothing the model or the data wrote can run script in the page or make it load another site.
/// </summary>
public static partial class SafeUrls
{
    private static readonly char[] _controlsAndSpace = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

    [GeneratedRegex(@"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineImage();

    [GeneratedRegex(@"^/api/artifacts/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/content$", RegexOptions.CultureInvariant)]
    private static partial Regex ArtifactContent();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    /// <summary>
    /// The URL as a browser reads it: tabs and line breaks removed anywhere, control characters and spaces trimmed
    /// from both ends (so <c>java&#9;script:</c> is seen as <c>javascript:</c>).
    /// </summary>
    public static string Normalize(string url)
    {
        var kept = url.Contains('\t') || url.Contains('\n') || url.Contains('\r')
            ? string.Concat(url.Where(c => c is not ('\t' or '\n' or '\r')))
            : url;
        return kept.Trim(_controlsAndSpace);
    }

    /// <summary>A link target for a normalised URL: http, https, mailto, or a path of this app (one leading slash).</summary>
    public static bool IsSafeLink(string normalized) =>
        normalized.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || normalized.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || normalized.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
        || IsAppPath(normalized);

    /// <summary>True for links that leave the app (http, https, mailto).</summary>
    public static bool IsExternalLink(string normalized) => IsSafeLink(normalized) && !IsAppPath(normalized);

    /// <summary>An image source for a normalised URL: an artifact of this app or base64 PNG, JPEG, GIF or WebP data.</summary>
    public static bool IsSafeImage(string normalized) =>
        ArtifactContent().IsMatch(normalized) || InlineImage().IsMatch(normalized);

    /// <summary>
    /// True when a normalised URL names another origin or another scheme: a scheme (other than inline raster image
    /// data) or a protocol-relative <c>//host</c>. Plain words and relative paths are not references.
    /// </summary>
    public static bool IsForeignReference(string normalized) =>
        (Scheme().IsMatch(normalized) && !InlineImage().IsMatch(normalized))
        || normalized.StartsWith("//", StringComparison.Ordinal)
        || normalized.StartsWith(@"\\", StringComparison.Ordinal)
        || normalized.StartsWith(@"/\", StringComparison.Ordinal)
        || normalized.StartsWith(@"\/", StringComparison.Ordinal);

    private static bool IsAppPath(string normalized) =>
        normalized.Length > 0 && normalized[0] == '/' && (normalized.Length == 1 || normalized[1] is not ('/' or '\\'));
}
