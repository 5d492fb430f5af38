using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>GET /api/sessions/{id}/export: a session as a Jupyter notebook and as a self-contained HTML report.</summary>
[Collection("app")]
public sealed partial class SessionExportTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly byte[] _png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task A_session_exports_as_a_valid_notebook_with_outputs_chart_image_table_and_error_in_order()
    {
        var session = await ScriptedSessionAsync();

        var content = await DownloadAsync(session, "ipynb", "application/x-ipynb+json", ExportScenario.FileStem);

        var path = Path.Combine(app.DataDirectory, "export.ipynb");
        await File.WriteAllBytesAsync(path, content);
        await Nbformat.AssertValidAsync(path);

        using var notebook = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var root = notebook.RootElement;
        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.Equal("python3", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["markdown", "code", "code", "code", "markdown"], cells.Select(c => c.GetProperty("cell_type").GetString()));
        Assert.Equal([1, 2, 3], cells.Where(c => c.GetProperty("cell_type").GetString() == "code").Select(c => c.GetProperty("execution_count").GetInt32()));

        var question = cells[0].GetProperty("source").GetString()!;
        Assert.StartsWith("> Quarterly export", question);
        Assert.DoesNotContain("<script", question);

        var chartCell = cells[1];
        Assert.Equal(ExportScenario.ChartCode.TrimEnd('\n'), chartCell.GetProperty("source").GetString()!.TrimEnd('\n'));
        var outputs = chartCell.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["stream", "stream", "display_data"], outputs.Select(o => o.GetProperty("output_type").GetString()));
        Assert.Equal(("stdout", "hello from stdout\n"), (outputs[0].GetProperty("name").GetString(), outputs[0].GetProperty("text").GetString()));
        Assert.Equal("stderr", outputs[1].GetProperty("name").GetString());
        Assert.Contains("careful: a warning", outputs[1].GetProperty("text").GetString());
        var chart = outputs[2].GetProperty("data");
        var figure = chart.GetProperty("application/vnd.plotly.v1+json");
        Assert.Equal(JsonValueKind.Object, figure.ValueKind);
        var trace = figure.GetProperty("data")[0];
        Assert.Equal("bar", trace.GetProperty("type").GetString());
        Assert.Equal(["north", "south"], trace.GetProperty("x").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("Revenue by region", figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Contains("Plotly chart", chart.GetProperty("text/plain").GetString());

        outputs = cells[2].GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(["display_data", "execute_result"], outputs.Select(o => o.GetProperty("output_type").GetString()));
        Assert.StartsWith(Convert.ToBase64String(_png)[..8], outputs[0].GetProperty("data").GetProperty("image/png").GetString());
        Assert.True(Convert.FromBase64String(outputs[0].GetProperty("data").GetProperty("image/png").GetString()!).AsSpan().StartsWith(_png));
        var result = outputs[1].GetProperty("data");
        Assert.Equal(2, outputs[1].GetProperty("execution_count").GetInt32());
        Assert.Contains("revenue", result.GetProperty("text/plain").GetString());
        var tableHtml = result.GetProperty("text/html").GetString()!;
        Assert.Contains("<td>&lt;b&gt;north&lt;/b&gt;</td>", tableHtml);
        Assert.Contains("<td class=\"num\">10.5</td>", tableHtml);
        Assert.DoesNotContain("<b>", tableHtml);

        var error = cells[3].GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("error", error.GetProperty("output_type").GetString());
        Assert.Equal("ZeroDivisionError", error.GetProperty("ename").GetString());
        Assert.Equal("division by zero", error.GetProperty("evalue").GetString());
        var traceback = error.GetProperty("traceback").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.True(traceback.Count > 1);
        Assert.Equal("ZeroDivisionError: division by zero", traceback[^1]);

        var answer = cells[4].GetProperty("source").GetString()!;
        Assert.Contains("Revenue is **up**.", answer);
        Assert.Contains("&lt;script>alert(1)&lt;/script>", answer);
        Assert.DoesNotContain("<script", answer);
        Assert.DoesNotContain("<img", answer);
    }

    [Fact]
    public async Task The_html_report_is_one_file_whose_only_scripts_are_its_own_and_shows_hostile_text_as_text()
    {
        var session = await ScriptedSessionAsync();

        var html = Encoding.UTF8.GetString(await DownloadAsync(session, "html", "text/html", ExportScenario.FileStem));

        // the hostile question, answer and table cell are text
        Assert.Contains("Quarterly export: sales/regions &lt;script&gt;alert(3)&lt;/script&gt;", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", html);
        Assert.Contains("<td>&lt;b&gt;north&lt;/b&gt;</td>", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("onerror=alert(2)>", html);

        // outputs, error and image are inline
        Assert.Contains("hello from stdout", html);
        Assert.Contains("careful: a warning", html);
        Assert.Contains("ZeroDivisionError", html);
        Assert.Matches("<img alt=\"Figure\" src=\"data:image/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]+\">", html);
        Assert.DoesNotMatch("(src|href)=\"(?!data:image/png;base64,)", html[..html.IndexOf("<script>", StringComparison.Ordinal)]);

        // the policy allows exactly the report's two executable scripts, by hash; the figure is a data block
        var policy = CspMeta().Match(html);
        Assert.True(policy.Success, "the report has no Content-Security-Policy meta element");
        Assert.StartsWith("default-src 'none'; script-src 'sha256-", policy.Groups["policy"].Value);
        Assert.Contains("img-src data:;", policy.Groups["policy"].Value);
        Assert.True(policy.Index < html.IndexOf("<style>", StringComparison.Ordinal));
        var scripts = ScriptElement().Matches(html).ToList();
        Assert.Equal(3, scripts.Count);
        var figure = Assert.Single(scripts, s => s.Groups["attributes"].Value == " type=\"application/json\" class=\"ca-figure\"");
        Assert.Equal("bar", JsonDocument.Parse(figure.Groups["body"].Value).RootElement.GetProperty("data")[0].GetProperty("type").GetString());
        foreach (var script in scripts.Where(s => s.Groups["attributes"].Value.Length == 0))
        {
            var hash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups["body"].Value))) + "'";
            Assert.Contains(hash, policy.Groups["policy"].Value);
        }
        Assert.Contains("Plotly.newPlot", scripts[^1].Groups["body"].Value);
        Assert.True(scripts[1].Groups["body"].Length > 1_000_000, "plotly.js is embedded");
    }

    [Fact]
    public async Task A_report_of_a_session_without_charts_carries_no_script_at_all()
    {
        app.Model.Play("just words please", new TextTurn("Only <b>text</b> here."));
        var session = await app.Client.CreateSessionAsync("Words only");
        await app.Client.QueryAsync(session, "just words please");

        var html = await app.Client.GetStringAsync($"/api/sessions/{session}/export?format=html");

        Assert.Contains("script-src 'none'", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("Only &lt;b&gt;text&lt;/b&gt; here.", html);
    }

    [Fact]
    public async Task Export_refuses_other_formats_and_unknown_sessions_with_problems()
    {
        var session = await app.Client.CreateSessionAsync("empty");

        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/export?format=pdf"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/export"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{Guid.NewGuid()}/export?format=ipynb"), HttpStatusCode.NotFound);
        var path = Path.Combine(app.DataDirectory, "empty.ipynb");
        await File.WriteAllBytesAsync(path, await DownloadAsync(session, "ipynb", "application/x-ipynb+json", "empty"));
        await Nbformat.AssertValidAsync(path);
    }

    /// <summary>Downloads an export and asserts it is an attachment of this type named <paramref name="stem"/>.<paramref name="format"/>.</summary>
    private async Task<byte[]> DownloadAsync(Guid session, string format, string mediaType, string stem)
    {
        var response = await app.Client.GetAsync($"/api/sessions/{session}/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(stem + "." + format, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<Guid> ScriptedSessionAsync()
    {
        ExportScenario.Play(app.Model);
        var session = await app.Client.CreateSessionAsync();
        var events = await app.Client.QueryAsync(session, ExportScenario.Question);
        Assert.Equal("completed", events.Last().Data.GetProperty("status").GetString());
        return session;
    }

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"(?<policy>[^\"]+)\">")]
    private static partial Regex CspMeta();

    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();
}
