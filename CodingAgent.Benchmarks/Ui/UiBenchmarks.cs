using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace CodingAgent.Benchmarks.Ui;

/// <summary>
/// The page's benchmarks, against the published app in its own process, a streaming model on 127.0.0.1 and Debian's
/// Chromium driven by Playwright:
/// <list type="bullet">
/// <item>token to DOM: for every streamed token, when a MutationObserver in the page (installed by this harness, not
/// by the app) first sees it in the document, minus when the model server flushed it to the socket; both clocks are
/// this machine's wall clock, the browser's offset measured by round trips first;</item>
/// <item>idle circuits: the app's VmRSS before and after opening that many chat pages (each its own browser context,
/// waited for until interactive), per circuit.</item>
/// </list>
/// </summary>
public sealed class UiBenchmarks(UiBenchmarkOptions options, Action<string, List<double>, string> add, StringBuilder report)
{
    // records, per token, the first time the page's text contains it (page time, Unix ms)
    private const string ObserveTokens = """
        ([prefix, count]) => {
          const times = new Array(count).fill(null);
          let next = 0;
          const name = i => prefix + "t" + String(i + 1).padStart(4, "0");
          const check = () => {
            const now = performance.timeOrigin + performance.now();
            const text = document.body.textContent;
            while (next < count && text.includes(name(next))) { times[next++] = now; }
            if (next >= count) { observer.disconnect(); window.__caTokenTimes = times; }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    public async Task RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("codingagent-ui-bench-").FullName;
        try
        {
            var appDirectory = options.AppDirectory;
            if (appDirectory is null)
            {
                appDirectory = Path.Combine(root, "app");
                Console.Error.WriteLine("publishing CodingAgent.Web …");
                await AppProcess.PublishAsync(RepositoryRoot(), appDirectory);
            }
            await using var model = await StreamingModelServer.StartAsync();
            await using var app = await AppProcess.StartAsync(appDirectory, Directory.CreateDirectory(Path.Combine(root, "data")).FullName, model.BaseUrl, StreamingModelServer.ApiKey);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            await TokenToDomAsync(app, model, browser);
            await IdleCircuitsAsync(app, browser);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private async Task TokenToDomAsync(AppProcess app, StreamingModelServer model, IBrowser browser)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        var latencies = new List<double>();
        // round 0 warms up (first kernel start, JIT, first render of a turn) and is not counted
        for (var round = 0; round <= options.Rounds; round++)
        {
            var prefix = "r" + round.ToString(CultureInfo.InvariantCulture);
            var sent = model.ExpectRound(prefix, options.Tokens, options.TokenInterval);
            await page.EvaluateAsync("() => { window.__caTokenTimes = null; }");
            await page.EvaluateAsync(ObserveTokens, new object[] { prefix, options.Tokens });
            var offset = await BrowserClockOffsetAsync(page);
            await page.Locator("textarea[data-testid=chat-input], [data-testid=chat-input] textarea").First.FillAsync($"{StreamingModelServer.Marker} {prefix}");
            await page.Locator("[data-testid=send]").ClickAsync();
            var sendTimes = await sent.WaitAsync(TimeSpan.FromMinutes(3));
            await page.WaitForFunctionAsync("() => window.__caTokenTimes !== null", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            var seen = await page.EvaluateAsync<double[]>("() => window.__caTokenTimes");
            await page.Locator("[data-testid=assistant-message][data-status=completed]").Nth(round).WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            var delays = seen.Select((t, i) => t - offset - sendTimes[i]).ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"answer {round}{(round == 0 ? " (warm-up)" : "")}: browser clock offset {offset:0.00} ms, token delays min {delays.Min():0.0} ms, max {delays.Max():0.0} ms"));
            if (round > 0)
            {
                latencies.AddRange(delays);
            }
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"Load average (1, 5, 15 min) after the token benchmark: {File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => a + ", " + b)}");
        add($"token from the model server to the page's DOM ({options.Tokens} tokens, {options.TokenInterval.TotalMilliseconds:0} ms apart, {options.Rounds} answers)", latencies, "< 50 ms");
    }

    /// <summary>The browser's clock minus this process's (ms): the median over round trips of the page's time minus the middle of the trip.</summary>
    private static async Task<double> BrowserClockOffsetAsync(IPage page)
    {
        var samples = new List<(double Trip, double Offset)>();
        for (var i = 0; i < 25; i++)
        {
            var before = StreamingModelServer.NowUnixMs();
            var browserTime = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = StreamingModelServer.NowUnixMs();
            samples.Add((after - before, browserTime - (before + after) / 2));
        }
        // the fastest trips bound the offset best
        var best = samples.OrderBy(s => s.Trip).Take(5).Select(s => s.Offset).Order().ToList();
        return best[best.Count / 2];
    }

    private async Task IdleCircuitsAsync(AppProcess app, IBrowser browser)
    {
        var contexts = new List<IBrowserContext>();
        try
        {
            // one page opened and closed first: what the first circuit loads once (components, JIT) is not per circuit
            var warm = await browser.NewContextAsync();
            var warmPage = await warm.NewPageAsync();
            await warmPage.GotoAsync(app.BaseUrl + "/");
            await warmPage.Locator("[data-interactive=true]").WaitForAsync();
            await warm.DisposeAsync();
            await Task.Delay(options.Settle);
            var readings = new List<(int Circuits, long Rss)> { (0, app.ResidentBytes()) };
            for (var i = 1; i <= options.Circuits; i++)
            {
                var context = await browser.NewContextAsync();
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync(app.BaseUrl + "/");
                await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
                if (i == options.Circuits / 2 || i == options.Circuits)
                {
                    await Task.Delay(options.Settle);
                    readings.Add((i, app.ResidentBytes()));
                }
            }
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Idle circuits (chat page `/`, each in its own browser context, interactive; app VmRSS {options.Settle.TotalSeconds:0} s after the last opened):");
            report.AppendLine();
            report.AppendLine("| open circuits | app VmRSS | growth | per circuit |");
            report.AppendLine("|---|---|---|---|");
            foreach (var (circuits, rss) in readings)
            {
                var growth = rss - readings[0].Rss;
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {circuits} | {Mb(rss)} | {Mb(growth)} | {(circuits == 0 ? "—" : Mb(growth / circuits))} |");
                report.AppendLine(line);
                Console.Error.WriteLine(line);
            }
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.00 MB", CultureInfo.InvariantCulture);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodingAgent.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CodingAgent.sln not found above " + AppContext.BaseDirectory + "; pass --app DIR (a dotnet publish output of CodingAgent.Web).");
    }
}
