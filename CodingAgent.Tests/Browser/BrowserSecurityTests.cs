using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// In Chromium, against the real app: what the model writes (Markdown) and what its code writes (a Plotly figure)
/// runs nothing and loads nothing from elsewhere, and a normal run violates none of the page's content security policy.
/// Every address involved is 127.0.0.1: the app, the model, and a closed port that stands for "elsewhere".
/// </summary>
public sealed class BrowserSecurityTests : IAsyncLifetime
{
    private const string ViolationRecorder = """
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", e =>
            window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));
        """;

    private readonly BrowserApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Markdown_and_a_chart_from_the_model_run_nothing_and_load_nothing_from_elsewhere()
    {
        var leak = $"http://127.0.0.1:{ClosedPort()}/leak.png";
        _app.Model.Play("hostile answer",
            new ToolCallTurn($$"""
                import plotly.graph_objects as go
                fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], mode="lines+markers"))
                fig.add_layout_image(source="{{leak}}", x=0, y=1, sizex=0.5, sizey=0.5, xref="paper", yref="paper")
                fig.add_annotation(text='<a href="javascript:window.__pwned=3">x</a>', x=2, y=1, showarrow=False, font={"size": 40})
                fig.update_layout(title='<a href="javascript:window.__pwned=4">Trend</a>')
                fig.show()
                """),
            new TextTurn($"""
                The **trend** is shown. ![x](x){"{"}onerror=window.__pwned=1{"}"} ![leak]({leak})

                [click](javascript:window.__pwned=2)

                <img src="{leak}" onerror="window.__pwned=5">
                """));
        var (page, run) = await OpenAsync();

        await BrowserApp.AskAsync(page, "hostile answer");

        var answer = page.Locator("[data-testid=assistant-message]");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(answer.Locator(".ca-markdown strong")).ToHaveTextAsync("trend");
        await Assertions.Expect(page.Locator(".ca-chart .scatterlayer .trace")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".ca-chart .annotation-text")).ToHaveTextAsync("x");
        await Assertions.Expect(page.Locator(".ca-chart .gtitle")).ToHaveTextAsync("Trend");

        await answer.Locator(".ca-markdown p").GetByText("click", new() { Exact = true }).ClickAsync();
        await page.Locator(".ca-chart .annotation-text").ClickAsync(new() { Force = true });
        await page.Locator(".ca-chart .gtitle").ClickAsync(new() { Force = true });
        // let whatever the clicks queued run before looking
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))");

        Assert.Equal("undefined", await page.EvaluateAsync<string>("typeof window.__pwned"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('[onerror]').length"));
        Assert.Equal(0, await page.Locator(".ca-chart a").CountAsync());
        var imageSources = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll("img, image")].map(i => i.getAttribute("src") ?? i.getAttribute("href") ?? i.getAttribute("xlink:href") ?? "")
            """);
        Assert.All(imageSources, src => Assert.True(src.StartsWith("data:image/", StringComparison.Ordinal) || src.StartsWith("/api/artifacts/", StringComparison.Ordinal), src));
        Assert.Equal(1, await page.Locator(".ca-markdown").GetByText("click", new() { Exact = true }).CountAsync());
        Assert.Equal("Trend", await page.Locator(".ca-chart .gtitle").TextContentAsync());
        await run.AssertOnlyTheAppWasContactedAsync(page);
        await Screenshots.SaveAsync(page, "hostile-content-inert");
    }

    [Fact]
    public async Task A_normal_run_with_a_chart_and_a_table_violates_no_content_security_policy()
    {
        // 1,095 daily rows: plotly express draws more than 1,000 rows with WebGL (scattergl), whose shader compiler
        // needs eval; the page draws it as SVG instead
        _app.Model.Play("daily revenue",
            new ToolCallTurn("""
                days = pd.date_range("2022-01-01", periods=1095, freq="D")
                daily = pd.DataFrame({"day": days, "revenue": [100 + (i % 30) for i in range(len(days))]})
                px.line(daily, x="day", y="revenue", title="Daily revenue").show()
                daily.groupby(daily["day"].dt.year)["revenue"].sum().reset_index()
                """),
            new TextTurn("""
                | year | revenue |
                |---|---:|
                | 2023 | 41,000 |

                Revenue is **steady**; see the [docs](https://example.com) and the [chart](#) above.
                """));
        var (page, run) = await OpenAsync();

        await BrowserApp.AskAsync(page, "daily revenue");

        var answer = page.Locator("[data-testid=assistant-message]");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".ca-chart .scatterlayer .trace")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".ca-chart .scatterlayer .trace .js-line")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=table-artifact] tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(answer.Locator(".ca-markdown table td").First).ToHaveTextAsync("2023");
        await Assertions.Expect(answer.Locator(".ca-markdown a")).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await Assertions.Expect(answer.Locator(".ca-markdown")).ToContainTextAsync("the chart above");
        // hovering draws plotly's hover label (inline styles, which the policy allows)
        await page.Locator(".ca-chart .nsewdrag").First.HoverAsync();
        await Assertions.Expect(page.Locator(".ca-chart .hoverlayer .hovertext")).ToHaveCountAsync(1);
        Assert.Equal("scattergl", await StoredTraceTypeAsync(page));

        await run.AssertOnlyTheAppWasContactedAsync(page);
    }

    /// <summary>The type of the first trace of the session's chart, as stored.</summary>
    private async Task<string?> StoredTraceTypeAsync(IPage page)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var artifacts = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{page.Url.Split('/')[^1]}/artifacts");
        var chart = artifacts.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "chart").GetProperty("id").GetGuid();
        var figure = await client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{chart}/content");
        return figure.GetProperty("data")[0].GetProperty("type").GetString();
    }

    private async Task<(IPage Page, PageRecord Run)> OpenAsync()
    {
        var context = await _app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await context.AddInitScriptAsync(ViolationRecorder);
        var record = new PageRecord(_app.BaseUrl);
        context.Request += (_, request) => record.Requests.Enqueue(request.Url);
        var page = await context.NewPageAsync();
        page.WebSocket += (_, socket) => record.Sockets.Enqueue(socket.Url);
        page.PageError += (_, error) => record.Errors.Enqueue(error);
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return (page, record);
    }

    /// <summary>A loopback port that nothing listens on.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>What one page asked for, and what went wrong in it.</summary>
    private sealed class PageRecord(string baseUrl)
    {
        public ConcurrentQueue<string> Requests { get; } = new();
        public ConcurrentQueue<string> Sockets { get; } = new();
        public ConcurrentQueue<string> Errors { get; } = new();

        public async Task AssertOnlyTheAppWasContactedAsync(IPage page)
        {
            var violations = await page.EvaluateAsync<string[]>("window.__violations");
            Assert.Empty(violations);
            Assert.Empty(Errors);
            Assert.NotEmpty(Requests);
            Assert.All(Requests, url => Assert.True(url.StartsWith(baseUrl + "/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), url));
            // Blazor's circuit runs over a WebSocket to the same origin, which connect-src 'self' allows
            Assert.Equal("ws" + baseUrl["http".Length..] + "/_blazor", Assert.Single(Sockets).Split('?')[0]);
        }
    }
}
