using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// The published app started by an unprivileged user (nobody, when the tests run as root) with its data in a folder
/// of that user's: it must serve the page, its static assets and the API without anything from the building user
/// (the NuGet cache under /root is not readable), and report whether its sandbox can start kernels.
/// </summary>
public sealed partial class NonRootStartTests : IAsyncLifetime
{
    private const int Nobody = 65534;
    private static readonly bool _runningAsRoot = Environment.UserName == "root";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-nonroot-" + Guid.NewGuid().ToString("N"));
    private string _published = "";
    private string _data = "";
    private PublishedApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _published = Path.Combine(_root, "app");
        await PublishedApp.PublishAsync(_published);
        _data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        // a temporary folder of the user's own, as a service gets with PrivateTmp
        var tmp = Directory.CreateDirectory(Path.Combine(_root, "tmp")).FullName;
        if (_runningAsRoot)
        {
            // the app's files readable by everyone (whatever the umask), its data and temporary folders nobody's own
            await RunAsync("chmod", "-R", "a+rX", _root);
            await RunAsync("chown", "-R", $"{Nobody}:{Nobody}", _data, tmp);
        }
        _app = await PublishedApp.StartAsync(_published, new Dictionary<string, string>
        {
            ["CODINGAGENT_DATA_DIR"] = _data,
            ["TMPDIR"] = tmp,
            ["HOME"] = tmp,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        }, _runningAsRoot ? Nobody : null);
        _client = new HttpClient { BaseAddress = _app.BaseAddress };
    }

    [Fact]
    public async Task The_published_app_serves_page_assets_and_api_to_an_unprivileged_user_and_reports_its_sandbox()
    {
        Assert.Equal("ok", (await _client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());

        var page = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>CodingAgent</title>", html);
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => Regex.IsMatch(a, @"^_content/MudBlazor/MudBlazor\.min\.([a-z0-9]+\.)?css$"));
        Assert.Contains(assets, a => Regex.IsMatch(a, @"^_content/MudBlazor/MudBlazor\.min\.([a-z0-9]+\.)?js$"));
        Assert.Contains(assets, a => Regex.IsMatch(a, @"^app\.([a-z0-9]+\.)?js$"));
        Assert.Contains(assets, a => Regex.IsMatch(a, @"^app\.([a-z0-9]+\.)?css$"));
        Assert.Contains("_content/Plotly.Blazor/plotly-3.7.0.min.js", assets);
        foreach (var asset in assets)
        {
            var response = await _client.GetAsync("/" + asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}\n{_app.Log}");
            Assert.Equal(asset.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }
        // served from the publish output's wwwroot
        var plotly = await _client.GetByteArrayAsync("/_content/Plotly.Blazor/plotly-3.7.0.min.js");
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_published, "wwwroot", "_content", "Plotly.Blazor", "plotly-3.7.0.min.js")), plotly);

        var session = await _client.CreateSessionAsync("as nobody");
        Assert.Equal("as nobody", (await _client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Created, (await _client.UploadAsync(session, "a.csv", "x,y\n1,2\n"u8.ToArray())).StatusCode);

        var ready = await _client.GetAsync("/healthz/ready");
        if (await UserNamespacesAllowedAsync())
        {
            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"{await ready.Content.ReadAsStringAsync()}\n{_app.Log}");
            Assert.Equal("ready", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }
        else
        {
            var problem = await Problems.AssertProblemAsync(ready, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("user namespaces", problem.GetProperty("detail").GetString());
        }

        // data-protection keys are kept with the data (the user has no home folder), and nothing failed
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_data, "keys"), "*.xml"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_data, "keys")));
        Assert.DoesNotMatch(@"(?m)^(fail|crit): ", _app.Log);
    }

    /// <summary>Whether bubblewrap, as the app's user, may create the namespaces a kernel needs on this machine.</summary>
    private static async Task<bool> UserNamespacesAllowedAsync()
    {
        string[] bwrap = ["/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"];
        string[] command = _runningAsRoot ? ["/usr/bin/setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", .. bwrap] : bwrap;
        return await RunAsync(command[0], command[1..], throwOnFailure: false) == 0;
    }

    private static Task<int> RunAsync(string file, params string[] args) => RunAsync(file, args, throwOnFailure: true);

    private static async Task<int> RunAsync(string file, string[] args, bool throwOnFailure)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = "/", RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await stderr}");
        }
        return process.ExitCode;
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]+\\.(?:css|js))\"")]
    private static partial Regex AssetReference();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        Directory.Delete(_root, recursive: true);
    }
}
