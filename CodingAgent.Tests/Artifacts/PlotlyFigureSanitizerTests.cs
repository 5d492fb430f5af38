using System.Text;
using System.Text.Json.Nodes;
using CodingAgent.Core.Artifacts;

namespace CodingAgent.Tests.Artifacts;

/// <summary>
/// hostile-figure.json is real output of plotly's <c>to_json</c> (Debian's plotly, as in the sandbox; made by
/// hostile_figure.py): a px line chart with links in its title, annotations, custom data and hover template,
/// layout and template images from elsewhere, map layers, a choropleth with a GeoJSON URL and a Sankey diagram.
/// </summary>
public sealed class PlotlyFigureSanitizerTests
{
    private const string Png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private const string Artifact = "/api/artifacts/2567a1f0-3b7c-4c1e-9a44-0d1f6a2b9c11/content";

    /// <summary>The bytes of hostile-figure.json.</summary>
    internal static byte[] HostileFigure { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Artifacts", "hostile-figure.json"));

    private static JsonObject SanitizedFixture() => (JsonObject)JsonNode.Parse(PlotlyFigureSanitizer.Sanitize(HostileFigure))!;

    [Fact]
    public void Layout_images_keep_only_inline_raster_data_and_app_artifacts()
    {
        var figure = SanitizedFixture();

        Assert.Equal([Png, Artifact], figure["layout"]!["images"]!.AsArray().Select(i => (string?)i!["source"]));
        Assert.Empty(figure["layout"]!["template"]!["layout"]!["images"]!.AsArray());
    }

    [Fact]
    public void Anchor_tags_are_removed_from_every_string_and_their_text_kept()
    {
        var figure = SanitizedFixture();

        Assert.Equal("Monthly revenue <b>2023</b>", (string?)figure["layout"]!["title"]!["text"]);
        Assert.Equal(["x", "see <b>more</b>", ""], figure["layout"]!["annotations"]!.AsArray().Select(a => (string?)a!["text"]));
        var trace = figure["data"]![0]!;
        Assert.Equal(["c", "d", "plain"], trace["customdata"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("month=%{x}<br>revenue=%{y}<br>%{customdata}<extra></extra>", (string?)trace["hovertemplate"]);
        Assert.Equal(["styled</span>", "<i>ok</i>", "x"], trace["text"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public void Url_bearing_keys_that_name_another_origin_are_removed()
    {
        var figure = SanitizedFixture();

        var mapbox = figure["layout"]!["mapbox"]!.AsObject();
        Assert.False(mapbox.ContainsKey("style"));
        var layers = mapbox["layers"]!.AsArray();
        Assert.False(layers[0]!.AsObject().ContainsKey("source"));
        Assert.Equal("FeatureCollection", (string?)layers[1]!["source"]!["type"]);
        Assert.False(figure["data"]![1]!.AsObject().ContainsKey("geojson"));
        Assert.Equal([0], figure["data"]![2]!["link"]!["source"]!.AsArray().Select(s => (int)s!));
    }

    [Fact]
    public void Nothing_in_a_sanitized_figure_links_or_loads_from_elsewhere()
    {
        var json = Encoding.UTF8.GetString(PlotlyFigureSanitizer.Sanitize(HostileFigure));
        var text = JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.DoesNotContain("evil.example", text);
        Assert.DoesNotContain("127.0.0.1", text);
        Assert.DoesNotContain("javascript", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a", text, StringComparison.OrdinalIgnoreCase);
        // what plotly.js needs to draw the chart is untouched
        var figure = JsonNode.Parse(json)!;
        Assert.Equal(["scatter", "choropleth", "sankey"], figure["data"]!.AsArray().Select(t => (string?)t!["type"]));
        Assert.Equal([10, 12, 9], figure["data"]![0]!["y"]!.AsArray().Select(y => (int)y!));
        Assert.Equal("#636efa", (string?)figure["data"]![0]!["line"]!["color"]);
        Assert.NotEmpty(figure["layout"]!["template"]!["data"]!.AsObject());
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "x")]
    [InlineData("<A\nHREF='https://evil.example'>x</A >", "x")]
    [InlineData("before <a href=x", "before ")]
    [InlineData("<span style=\"fill:url(https://evil.example/#p)\">s</span>", "s</span>")]
    [InlineData("<span style='color:red'>red</span><br>", "<span style='color:red'>red</span><br>")]
    [InlineData("<%{customdata[0]} hr%{customdata[1]}'https://evil.example'>x", "x")]
    [InlineData("<b href=\"https://evil.example\">b</b>", "b</b>")]
    [InlineData("%{customdata} href='https://evil.example'>x", "%{customdata} 'https://evil.example'>x")]
    [InlineData("abc <= 3 and b > 2", "abc <= 3 and b > 2")]
    [InlineData("month=%{x}<br>value=%{y:.2f}<extra></extra>", "month=%{x}<br>value=%{y:.2f}<extra></extra>")]
    public void Text_keeps_formatting_but_loses_links_and_loaders(string text, string expected)
    {
        Assert.Equal(expected, PlotlyFigureSanitizer.CleanText(text));
    }

    [Theory]
    [InlineData("source", "http://127.0.0.1:9/leak.png")]
    [InlineData("src", "javascript:alert(1)")]
    [InlineData("href", "//evil.example/x")]
    [InlineData("url", "  \tHTTPS://evil.example")]
    [InlineData("link", "data:text/html,<script>alert(1)</script>")]
    [InlineData("geojson", "https://evil.example/geo.json")]
    [InlineData("style", "mapbox://styles/evil/x")]
    [InlineData("Source", "\\\\evil.example\\share")]
    public void A_url_key_naming_another_origin_or_scheme_is_dropped(string key, string value)
    {
        var figure = new JsonObject { ["layout"] = new JsonObject { ["thing"] = new JsonObject { [key] = value, ["x"] = 1 } } };

        PlotlyFigureSanitizer.Sanitize(figure);

        Assert.Equal("""{"x":1}""", figure["layout"]!["thing"]!.ToJsonString());
    }

    [Theory]
    [InlineData("style", "italic")]
    [InlineData("source", Png)]
    [InlineData("source", Artifact)]
    [InlineData("url", "relative/path.csv")]
    public void A_url_key_with_an_inert_value_stays(string key, string value)
    {
        var figure = new JsonObject { ["layout"] = new JsonObject { ["thing"] = new JsonObject { [key] = value } } };

        PlotlyFigureSanitizer.Sanitize(figure);

        Assert.Equal(value, (string?)figure["layout"]!["thing"]![key]);
    }

    [Fact]
    public void Images_in_animation_frames_are_filtered_too()
    {
        var figure = JsonNode.Parse("""
            {"data":[],"layout":{},"frames":[{"name":"f1","layout":{"images":[{"source":"https://evil.example/f.png"},{"source":"data:image/gif;base64,R0lGODlhAQABAAAAACw="},{"x":1},"junk"]}}]}
            """)!.AsObject();

        PlotlyFigureSanitizer.Sanitize(figure);

        Assert.Equal(["data:image/gif;base64,R0lGODlhAQABAAAAACw="], figure["frames"]![0]!["layout"]!["images"]!.AsArray().Select(i => (string?)i!["source"]));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"<a href=x>\"")]
    [InlineData("")]
    public void Content_that_is_not_a_figure_becomes_an_empty_figure(string content)
    {
        var sanitized = PlotlyFigureSanitizer.Sanitize(Encoding.UTF8.GetBytes(content));

        Assert.Equal("""{"data":[],"layout":{}}""", Encoding.UTF8.GetString(sanitized));
    }
}
