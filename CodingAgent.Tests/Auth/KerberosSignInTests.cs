using System.Diagnostics;
using System.Text.Json;
using CodingAgent.Tests.Deployment;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// Auth:Mode Negotiate end to end with real Kerberos: an MIT KDC on 127.0.0.1, the app (its own process, with the
/// service's keytab) and curl as the client (GSSAPI SPNEGO, as browsers do) with a ticket from kinit.
/// </summary>
public sealed class KerberosSignInTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-kerberos-" + Guid.NewGuid().ToString("N"));
    private KerberosRealm _realm = null!;
    private PublishedApp _app = null!;

    public async Task InitializeAsync()
    {
        _realm = await KerberosRealm.StartAsync();
        await _realm.AddUserAsync("alice", "Alice-pw-1");
        await _realm.AddUserAsync("bob", "Bob-pw-1");
        var environment = new Dictionary<string, string>(_realm.Environment)
        {
            ["KRB5_KTNAME"] = "FILE:" + _realm.Keytab,
            ["CODINGAGENT_DATA_DIR"] = _data,
            ["Auth__Mode"] = "Negotiate",
            ["Auth__Negotiate__AdminUsers__0"] = "alice@" + KerberosRealm.Realm,
        };
        _app = await PublishedApp.LaunchAsync(AppContext.BaseDirectory, environment, uid: null, "http://127.0.0.1:0");
        Assert.False(_app.HasExited, _app.Log);
    }

    [Fact]
    public async Task A_user_with_a_kerberos_ticket_signs_in_gets_the_cookie_and_is_the_listed_administrator()
    {
        var cache = await _realm.KinitAsync("alice", "Alice-pw-1");
        var jar = Path.Combine(_data, "cookies.txt");

        var anonymous = await CurlAsync(cache, jar, negotiate: false, "/api/sessions");
        var signedIn = await CurlAsync(cache, jar, negotiate: true, "/api/sessions");
        var withCookie = await CurlAsync(cache, jar, negotiate: false, "/api/audit?user=");

        Assert.Equal("401", anonymous.Status);
        Assert.True(signedIn.Status == "200", signedIn.Status + signedIn.Body + _app.Log);
        Assert.Contains("CodingAgent.Auth", await File.ReadAllTextAsync(jar), StringComparison.Ordinal);
        Assert.True(withCookie.Status == "200", withCookie.Status + withCookie.Body);
        var entries = JsonDocument.Parse(withCookie.Body).RootElement.EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "sign_in"
            && e.GetProperty("detail").GetString() == $"negotiate alice@{KerberosRealm.Realm} as admin");
    }

    [Fact]
    public async Task A_user_not_listed_opens_the_page_with_a_ticket_as_a_viewer()
    {
        var bob = await _realm.KinitAsync("bob", "Bob-pw-1");
        var alice = await _realm.KinitAsync("alice", "Alice-pw-1");
        var bobsJar = Path.Combine(_data, "bob.txt");

        var page = await CurlAsync(bob, bobsJar, negotiate: true, "/");
        await CurlAsync(alice, Path.Combine(_data, "alice.txt"), negotiate: true, "/api/sessions");
        var audit = await CurlAsync(alice, Path.Combine(_data, "alice.txt"), negotiate: false, "/api/audit");

        Assert.True(page.Status == "200", page.Status + page.Body);
        Assert.Contains("<html", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CodingAgent.Auth", await File.ReadAllTextAsync(bobsJar), StringComparison.Ordinal);
        Assert.True(audit.Status == "200", audit.Status + audit.Body);
        Assert.Contains(JsonDocument.Parse(audit.Body).RootElement.EnumerateArray(), e => e.GetProperty("action").GetString() == "sign_in"
            && e.GetProperty("detail").GetString() == $"negotiate bob@{KerberosRealm.Realm} as viewer");
    }

    [Fact]
    public async Task A_user_shares_a_session_with_another_by_principal_name_and_the_other_reads_it()
    {
        var alice = await _realm.KinitAsync("alice", "Alice-pw-1");
        var bob = await _realm.KinitAsync("bob", "Bob-pw-1");
        var (alicesJar, bobsJar) = (Path.Combine(_data, "alice-share.txt"), Path.Combine(_data, "bob-share.txt"));
        // bob has signed in once: his account (its address his principal name) exists
        Assert.Equal("200", (await CurlAsync(bob, bobsJar, negotiate: true, "/api/sessions")).Status);
        Assert.Equal("200", (await CurlAsync(alice, alicesJar, negotiate: true, "/api/sessions")).Status);
        var created = await CurlAsync(alice, alicesJar, negotiate: false, "/api/sessions", """{"title":"Kerberos shared"}""");
        Assert.True(created.Status == "201", created.Status + created.Body);
        var session = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetGuid();

        var before = await CurlAsync(bob, bobsJar, negotiate: false, $"/api/sessions/{session}");
        var shared = await CurlAsync(alice, alicesJar, negotiate: false, $"/api/sessions/{session}/shares", $$"""{"email":"bob@{{KerberosRealm.Realm.ToLowerInvariant()}}"}""");
        var after = await CurlAsync(bob, bobsJar, negotiate: false, $"/api/sessions/{session}");

        Assert.Equal("404", before.Status);
        Assert.True(shared.Status == "201", shared.Status + shared.Body);
        Assert.Equal($"bob@{KerberosRealm.Realm}", JsonDocument.Parse(shared.Body).RootElement.GetProperty("email").GetString());
        Assert.True(after.Status == "200", after.Status + after.Body);
        Assert.True(JsonDocument.Parse(after.Body).RootElement.GetProperty("shared").GetBoolean());
    }

    /// <summary>curl against the app as <c>localhost</c> (the service principal's host name), resolved to 127.0.0.1 only; with <paramref name="json"/>, a POST of it.</summary>
    private async Task<(string Status, string Body)> CurlAsync(string cache, string jar, bool negotiate, string path, string? json = null)
    {
        var port = _app.BaseAddress.Port;
        var body = Path.Combine(_data, "body-" + Guid.NewGuid().ToString("N"));
        var args = new List<string> { "-s", "-o", body, "-w", "%{http_code}", "--resolve", $"localhost:{port}:127.0.0.1", "-c", jar, "-b", jar };
        if (negotiate)
        {
            args.AddRange(["--negotiate", "-u", ":"]);
        }
        if (json is not null)
        {
            args.AddRange(["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", json]);
        }
        args.Add($"http://localhost:{port}{path}");
        var start = _realm.StartInfo("/usr/bin/curl", new Dictionary<string, string> { ["KRB5CCNAME"] = cache }, args);
        using var curl = Process.Start(start)!;
        var status = await curl.StandardOutput.ReadToEndAsync();
        var errors = await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl failed ({curl.ExitCode}): {errors}");
        return (status, File.Exists(body) ? await File.ReadAllTextAsync(body) : "");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _realm.DisposeAsync();
        await AppData.DeleteAsync(_data);
    }
}
