using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// A real MIT Kerberos realm for the tests (Debian's krb5-kdc, krb5-admin-server, krb5-user; scripts/install-deps.sh):
/// a KDC on 127.0.0.1 (a free port, TCP and UDP) with its own database, configuration and logs in a temporary folder,
/// the service principal <c>HTTP/localhost</c> in a keytab for the app, and users with passwords. Nothing in /etc is
/// used or changed: every Kerberos program here gets <see cref="Environment"/> (its own krb5.conf, no DNS look-ups).
/// </summary>
public sealed class KerberosRealm : IAsyncDisposable
{
    public const string Realm = "CODINGAGENT.TEST";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "codingagent-krb5-" + Guid.NewGuid().ToString("N"));
    private Process? _kdc;

    /// <summary>The keytab with the key of <c>HTTP/localhost@CODINGAGENT.TEST</c> (for <c>KRB5_KTNAME</c>).</summary>
    public string Keytab => Path.Combine(_directory, "http.keytab");

    /// <summary>The variables a Kerberos program of this realm needs: its krb5.conf and kdc.conf.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["KRB5_CONFIG"] = Path.Combine(_directory, "krb5.conf"),
        ["KRB5_KDC_PROFILE"] = Path.Combine(_directory, "kdc.conf"),
    };

    public static async Task<KerberosRealm> StartAsync()
    {
        var realm = new KerberosRealm();
        await realm.InitializeAsync();
        return realm;
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(_directory, "krb5.conf"), $$"""
            [libdefaults]
                default_realm = {{Realm}}
                dns_lookup_realm = false
                dns_lookup_kdc = false
                dns_canonicalize_hostname = false
                rdns = false
                udp_preference_limit = 1
            [realms]
                {{Realm}} = {
                    kdc = 127.0.0.1:{{port}}
                }
            [domain_realm]
                localhost = {{Realm}}
            """);
        await File.WriteAllTextAsync(Path.Combine(_directory, "kdc.conf"), $$"""
            [kdcdefaults]
                kdc_listen = 127.0.0.1:{{port}}
                kdc_tcp_listen = 127.0.0.1:{{port}}
            [realms]
                {{Realm}} = {
                    database_name = {{_directory}}/principal
                    key_stash_file = {{_directory}}/stash
                    acl_file = {{_directory}}/kadm5.acl
                    kdc_listen = 127.0.0.1:{{port}}
                    kdc_tcp_listen = 127.0.0.1:{{port}}
                    max_life = 1h
                }
            [logging]
                kdc = FILE:{{_directory}}/kdc.log
            """);
        await RunAsync("/usr/sbin/kdb5_util", null, "create", "-s", "-r", Realm, "-P", "master-" + Guid.NewGuid().ToString("N"));
        await AdminAsync("addprinc -randkey HTTP/localhost");
        await AdminAsync($"ktadd -k {Keytab} HTTP/localhost");

        var start = StartInfo("/usr/sbin/krb5kdc", null, "-n", "-r", Realm);
        _kdc = Process.Start(start)!;
        _kdc.OutputDataReceived += (_, _) => { };
        _kdc.ErrorDataReceived += (_, _) => { };
        _kdc.BeginOutputReadLine();
        _kdc.BeginErrorReadLine();
        await Poll.UntilAsync(() => Task.FromResult(Listens(port) || _kdc.HasExited), "the KDC to listen", TimeSpan.FromSeconds(30));
        Assert.False(_kdc.HasExited, "the KDC exited: " + await File.ReadAllTextAsync(Path.Combine(_directory, "kdc.log")));
    }

    /// <summary>Adds the user <paramref name="name"/>@<see cref="Realm"/> with <paramref name="password"/>.</summary>
    public Task AddUserAsync(string name, string password) => AdminAsync($"addprinc -pw {password} {name}");

    /// <summary>Signs <paramref name="name"/> in with kinit into a credential cache of its own; returns that cache (for <c>KRB5CCNAME</c>).</summary>
    public async Task<string> KinitAsync(string name, string password)
    {
        var cache = "FILE:" + Path.Combine(_directory, name + ".ccache");
        await RunAsync("/usr/bin/kinit", password + "\n", new Dictionary<string, string> { ["KRB5CCNAME"] = cache }, [name + "@" + Realm]);
        return cache;
    }

    private Task AdminAsync(string query) => RunAsync("/usr/sbin/kadmin.local", null, "-r", Realm, "-q", query);

    private Task RunAsync(string program, string? input, params string[] args) => RunAsync(program, input, null, args);

    private async Task RunAsync(string program, string? input, IReadOnlyDictionary<string, string>? more, string[] args)
    {
        var start = StartInfo(program, more, args);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    /// <summary>A program of this realm (a Kerberos tool, or a client such as curl) with only PATH, <see cref="Environment"/> and <paramref name="more"/>.</summary>
    public ProcessStartInfo StartInfo(string program, IReadOnlyDictionary<string, string>? more, params IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin";
        foreach (var (name, value) in Environment.Concat(more ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_kdc is { HasExited: false })
        {
            _kdc.Kill();
            await _kdc.WaitForExitAsync();
        }
        _kdc?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
