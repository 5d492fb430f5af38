using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CodingAgent.Core.Domain;
using CodingAgent.Web.Rendering;

namespace CodingAgent.Web.Export;

/// <summary>
/// A session as one self-contained HTML file, readable offline: questions, answers (through <see cref="SafeMarkdown"/>),
/// each step's code and outputs, tables (first rows, HTML-encoded), images as <c>data:</c> URIs, and charts drawn by an
/// embedded copy of the app's plotly.js. Everything from the model or the data is HTML-encoded text; no attribute
/// value comes from it. The file's own Content-Security-Policy allows only the two scripts of
/// <see cref="ReportScripts"/> (by hash), images from <c>data:</c> and no connection or other load.
/// </summary>
public sealed class HtmlReportWriter(ExportArtifacts artifacts, ReportScripts scripts)
{
    public const string Style = """
        :root { color-scheme: light dark; --muted: #666; --line: #d0d7de; --code: #f6f8fa; --error: #b42318; }
        @media (prefers-color-scheme: dark) { :root { --muted: #9aa4ae; --line: #3d444d; --code: #161b22; --error: #ff7b72; } }
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
        header { border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }
        header p, .meta, figcaption, caption { color: var(--muted); font-size: 0.85rem; }
        .question { white-space: pre-wrap; font-weight: 600; border-left: 4px solid #1f6feb; padding: 0.25rem 0.75rem; margin: 2rem 0 1rem; }
        .step { border: 1px solid var(--line); border-radius: 6px; margin: 0.75rem 0; padding: 0.5rem 0.75rem; }
        pre { background: var(--code); padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; font-size: 0.85rem; margin: 0.4rem 0; }
        pre.err, .error { color: var(--error); }
        .answer { margin: 1rem 0 2rem; }
        table { border-collapse: collapse; font-size: 0.85rem; display: block; overflow-x: auto; }
        th, td { border: 1px solid var(--line); padding: 0.2rem 0.5rem; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        img { max-width: 100%; }
        .ca-chart { min-height: 420px; }
        """;

    public async Task WriteAsync(SessionExport export, DateTimeOffset exportedAt, Stream output, CancellationToken cancellationToken)
    {
        var hasCharts = export.ArtifactsByStep.SelectMany(g => g).Any(a => a.Kind == ArtifactKinds.Chart);
        var plotly = hasCharts ? scripts.Plotly : null;
        await using var html = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        var scriptSources = plotly is null ? "'none'" : plotly.Hash + " " + ReportScripts.Loader.Hash;
        await html.WriteAsync("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        await html.WriteAsync($"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src {scriptSources}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'\">\n");
        await html.WriteAsync("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        await html.WriteAsync("<title>" + Encode(export.Title) + "</title>\n<style>\n" + Style + "\n</style>\n</head>\n<body>\n");
        await html.WriteAsync("<header><h1>" + Encode(export.Title) + "</h1><p>Exported from CodingAgent on "
            + exportedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ".</p></header>\n<main>\n");
        var stepNumber = 0;
        foreach (var message in export.Messages)
        {
            if (message.Role == MessageRoles.User)
            {
                await html.WriteAsync("<section class=\"turn\">\n<div class=\"question\">" + Encode(message.Content.Trim()) + "</div>\n");
                continue;
            }
            foreach (var step in message.Steps)
            {
                await WriteStepAsync(html, step, ++stepNumber, export.ArtifactsByStep[step.Id], plotly is not null, cancellationToken);
            }
            await html.WriteAsync("<div class=\"answer\">" + SafeMarkdown.ToHtml(message.Content));
            if (message.Status is { } status && status != RunStatuses.Completed)
            {
                await html.WriteAsync("<p class=\"meta\">Run " + Encode(status) + (message.Error is { Length: > 0 } error ? ": " + Encode(error) : "") + "</p>");
            }
            await html.WriteAsync("</div>\n</section>\n");
        }
        await html.WriteAsync("</main>\n");
        if (plotly is not null)
        {
            await html.WriteAsync("<script>" + plotly.Text + "</script>\n<script>" + ReportScripts.Loader.Text + "</script>\n");
        }
        await html.WriteAsync("</body>\n</html>\n");
    }

    private async Task WriteStepAsync(StreamWriter html, ExecutionStep step, int number, IEnumerable<Artifact> stepArtifacts, bool drawCharts, CancellationToken cancellationToken)
    {
        var outcome = step.Succeeded ? "ok" : "failed";
        await html.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"<div class=\"step\"><div class=\"meta\">Step {number} · {step.DurationMs / 1000:0.00} s · {outcome}</div>\n"));
        await html.WriteAsync("<pre class=\"code\"><code>" + Encode(step.Code) + "</code></pre>\n");
        await WritePreAsync(html, "out", step.Stdout);
        await WritePreAsync(html, "err", step.Stderr);
        var list = stepArtifacts.ToList();
        foreach (var artifact in list)
        {
            await html.WriteAsync("<figure>");
            await WriteArtifactAsync(html, artifact, drawCharts, cancellationToken);
            await html.WriteAsync("<figcaption>" + Encode(artifact.Name) + "</figcaption></figure>\n");
        }
        // a DataFrame or Series as the cell's value is shown by its table above, as Jupyter shows it
        if (step.ResultText is { } result && result != NotebookWriter.ChartResultText && !list.Any(a => a.Kind == ArtifactKinds.Table))
        {
            await WritePreAsync(html, "result", result);
        }
        if (!step.Succeeded)
        {
            await html.WriteAsync("<div class=\"error\"><strong>" + Encode(step.ErrorType ?? "Error") + "</strong>: " + Encode(step.ErrorMessage ?? "") + "</div>\n");
            await WritePreAsync(html, "err", step.Traceback ?? "");
        }
        await html.WriteAsync("</div>\n");
    }

    private async Task WriteArtifactAsync(StreamWriter html, Artifact artifact, bool drawCharts, CancellationToken cancellationToken)
    {
        switch (artifact.Kind)
        {
            case ArtifactKinds.Chart when await artifacts.ChartAsync(artifact, cancellationToken) is { } figure:
                if (drawCharts)
                {
                    // a JSON data block is never run; '<' written as \u003c (valid JSON, only inside strings) cannot end it
                    await html.WriteAsync("<div class=\"ca-chart\"></div><script type=\"application/json\" class=\"ca-figure\">");
                    await html.WriteAsync(Encoding.UTF8.GetString(figure).Replace("<", "\\u003c", StringComparison.Ordinal));
                    await html.WriteAsync("</script>");
                }
                else
                {
                    await html.WriteAsync("<p class=\"meta\">Interactive chart (open the notebook export to see it drawn): " + Encode(TraceSummary(figure)) + "</p>");
                }
                break;
            case ArtifactKinds.Image when await artifacts.ImageAsync(artifact, cancellationToken) is { } png:
                await html.WriteAsync("<img alt=\"Figure\" src=\"data:image/png;base64," + Convert.ToBase64String(png) + "\">");
                break;
            case ArtifactKinds.Table when await artifacts.TableAsync(artifact, cancellationToken) is { } table:
                await html.WriteAsync(ExportTable.Html(table) + "<p class=\"meta\">" + Encode(ExportTable.Caption(table)) + "</p>");
                break;
            case ArtifactKinds.File:
                await html.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"<p class=\"meta\">File written ({artifact.Size:N0} bytes)</p>"));
                break;
            default:
                await html.WriteAsync("<p class=\"meta\">Not included: no longer stored, or too large to export.</p>");
                break;
        }
    }

    /// <summary>The traces of a figure, e.g. "2 traces: bar “Revenue”, scatter".</summary>
    private static string TraceSummary(byte[] figure)
    {
        var traces = (JsonNode.Parse(figure) as JsonObject)?["data"] as JsonArray ?? [];
        var names = traces.Take(10).Select(t => t is JsonObject o
            ? ((o["type"] as JsonValue)?.TryGetValue<string>(out var type) == true ? type : "scatter")
              + ((o["name"] as JsonValue)?.TryGetValue<string>(out var name) == true && name.Length > 0 ? " “" + name + "”" : "")
            : "?");
        return string.Create(CultureInfo.InvariantCulture, $"{traces.Count} trace{(traces.Count == 1 ? "" : "s")}: ") + string.Join(", ", names);
    }

    private static async Task WritePreAsync(StreamWriter html, string kind, string text)
    {
        if (text.Length > 0)
        {
            await html.WriteAsync("<pre class=\"" + kind + "\">" + Encode(text) + "</pre>\n");
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
