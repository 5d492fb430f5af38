using System.Text;

namespace CodingAgent.Web.Export;

/// <summary>
/// The two scripts an HTML report may carry, with their CSP hashes: plotly.js from the app's own static files
/// (Plotly.Blazor's <c>plotly-3.7.0.min.js</c>, about 4.6 MB) and <see cref="ChartLoader"/>, which draws the figures
/// from the report's JSON data blocks. Nothing else in a report is a script. Plotly is absent when the web root does
/// not hold it (an unpublished build outside Development) or could end an inline script element early; reports then
/// show their charts as a note and a summary of their traces.
/// </summary>
public sealed class ReportScripts(IWebHostEnvironment environment)
{
    public const string PlotlyPath = "_content/Plotly.Blazor/plotly-3.7.0.min.js";

    /// <summary>
    /// Draws every figure of the report: the JSON in each <c>script.ca-figure</c> data block goes into the element
    /// before it, with the app's plot settings (no links, no cloud, no figure config), WebGL traces drawn as their SVG
    /// equivalents (the report's policy allows no eval), and clicks on links inside a chart cancelled.
    /// </summary>
    public const string ChartLoader = """
        (function () {
          "use strict";
          var svg = { scattergl: "scatter", scatterpolargl: "scatterpolar" };
          var config = { responsive: true, displaylogo: false, showLink: false, sendData: false, showSendToCloud: false, showEditInChartStudio: false, showSources: false, editable: false };
          function cancel(event) {
            if (event.target instanceof Element && event.target.closest("a")) { event.preventDefault(); event.stopPropagation(); }
          }
          function fail(target, error) { target.textContent = "The chart could not be drawn: " + (error && error.message ? error.message : error); }
          document.querySelectorAll("script.ca-figure").forEach(function (source) {
            var target = source.previousElementSibling;
            try {
              var figure = JSON.parse(source.textContent);
              var data = (figure.data || []).map(function (t) { return t && svg[t.type] ? Object.assign({}, t, { type: svg[t.type] }) : t; });
              target.addEventListener("click", cancel, true);
              target.addEventListener("auxclick", cancel, true);
              Plotly.newPlot(target, data, Object.assign({ autosize: true }, figure.layout || {}), config).catch(function (error) { fail(target, error); });
            } catch (error) { fail(target, error); }
          });
        })();
        """;

    private readonly Lazy<InlineScript?> _plotly = new(() => Load(environment) is { } text ? new InlineScript(text) : null);

    /// <summary>plotly.js, or null when the app has no usable copy (read once).</summary>
    public InlineScript? Plotly => _plotly.Value;

    public static InlineScript Loader { get; } = new(ChartLoader);

    private static string? Load(IWebHostEnvironment environment)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(PlotlyPath);
        if (!file.Exists || file.IsDirectory)
        {
            return null;
        }
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        var text = reader.ReadToEnd();
        // inside <script> the HTML parser ends the element at "</script" and treats "<!--" specially
        return text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("<!--", StringComparison.Ordinal) ? null : text;
    }
}
