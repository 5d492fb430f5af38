using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CodingAgent.Core.Artifacts;

/// <summary>
/// Makes a Plotly figure written by model code (hostile) safe to hand to plotly.js: it may neither load anything
/// from elsewhere nor carry live links. Removes <c>images</c> entries (layout, template, frames) whose source is not
/// an artifact of this app or inline raster data; removes URL-bearing keys (<c>href</c>, <c>src</c>, <c>source</c>,
/// <c>url</c>, <c>link</c>, <c>geojson</c>, <c>style</c>) whose value names another origin or scheme; and in every
/// string of the figure (titles, annotations, hover templates, data) removes anchor tags (keeping their text),
/// tags carrying an href, a CSS <c>url(</c> or a template placeholder, and stray <c>href=</c>.
/// </summary>
public static partial class PlotlyFigureSanitizer
{
    private static readonly HashSet<string> _urlKeys = new(StringComparer.OrdinalIgnoreCase) { "href", "src", "source", "url", "link", "geojson", "style" };
    private static readonly JsonDocumentOptions _parseOptions = new() { MaxDepth = 256 };

    /// <summary>Anchor tags, also unterminated ones: <c>&lt;a href=…&gt;</c>, <c>&lt;/a&gt;</c>, <c>&lt; A</c>.</summary>
    [GeneratedRegex(@"<\s*/?\s*a(?![A-Za-z0-9])[^<>]*>?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnchorTag();

    /// <summary>Other tags whose attributes could link, load or be completed at hover time by a template value.</summary>
    [GeneratedRegex(@"<[^<>]*(href|src|url\s*\(|%\{|javascript:|@import)[^<>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActiveTag();

    [GeneratedRegex(@"href\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrayHref();

    /// <summary>The sanitised figure as UTF-8 JSON; content that is not a JSON object becomes an empty figure.</summary>
    public static byte[] Sanitize(ReadOnlySpan<byte> json)
    {
        JsonNode? figure;
        try
        {
            figure = JsonNode.Parse(json, documentOptions: _parseOptions);
        }
        catch (JsonException)
        {
            figure = null;
        }
        if (figure is not JsonObject root)
        {
            root = new JsonObject { ["data"] = new JsonArray(), ["layout"] = new JsonObject() };
        }
        return JsonSerializer.SerializeToUtf8Bytes(Sanitize(root));
    }

    /// <summary>Sanitises <paramref name="figure"/> in place and returns it.</summary>
    public static JsonObject Sanitize(JsonObject figure)
    {
        CleanObject(figure);
        return figure;
    }

    /// <summary>The text of a Plotly string without links or tags that could load or link anything.</summary>
    public static string CleanText(string text) =>
        text.Contains('<', StringComparison.Ordinal) || text.Contains("href", StringComparison.OrdinalIgnoreCase)
            ? StrayHref().Replace(ActiveTag().Replace(AnchorTag().Replace(text, ""), ""), "")
            : text;

    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                CleanObject(obj);
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    if (Clean(item) is var cleaned && !ReferenceEquals(cleaned, item))
                    {
                        array[i] = cleaned;
                    }
                }
                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var clean = CleanText(text);
                return clean == text ? value : JsonValue.Create(clean);
            default:
                return node;
        }
    }

    private static void CleanObject(JsonObject obj)
    {
        foreach (var (name, value) in obj.ToList())
        {
            if (_urlKeys.Contains(name) && NamesForeignReference(value))
            {
                obj.Remove(name);
                continue;
            }
            if (name.Equals("images", StringComparison.OrdinalIgnoreCase) && value is JsonArray images)
            {
                for (var i = images.Count - 1; i >= 0; i--)
                {
                    if (!IsSafeImage(images[i]))
                    {
                        images.RemoveAt(i);
                    }
                }
            }
            if (Clean(value) is var cleaned && !ReferenceEquals(cleaned, value))
            {
                obj[name] = cleaned;
            }
        }
    }

    private static bool IsSafeImage(JsonNode? image) =>
        image is JsonObject entry
        && entry["source"] is JsonValue source
        && source.GetValueKind() == JsonValueKind.String
        && SafeUrls.IsSafeImage(SafeUrls.Normalize(source.GetValue<string>()));

    private static bool NamesForeignReference(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => SafeUrls.IsForeignReference(SafeUrls.Normalize(v.GetValue<string>())),
        JsonArray array => array.Any(NamesForeignReference),
        _ => false,
    };
}
