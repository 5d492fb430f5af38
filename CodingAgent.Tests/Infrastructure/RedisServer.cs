using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CodingAgent.Web.Redis;
using StackExchange.Redis;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> (Debian's package, installed by scripts/test.sh) on 127.0.0.1 and a free port, without
/// persistence (<c>--save "" --appendonly no</c>), so a restart starts empty like a crashed cache. It can be stopped
/// (SIGKILL) and started again on the same port, for outage tests. Disposal kills it and removes its folder.
/// </summary>
public class RedisServer : IAsyncLifetime
{
    private readonly string? _password;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "codingagent-redis-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public RedisServer()
    {
    }

    /// <summary>A server that requires <paramref name="password"/> (<c>requirepass</c>).</summary>
    protected RedisServer(string password) => _password = password;

    public int Port { get; } = FreePort();

    public bool IsRunning => _process is not null;

    /// <summary>The StackExchange.Redis configuration string for <c>Redis:Configuration</c>.</summary>
    public string Configuration => _password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={_password}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await StartAsync();
    }

    /// <summary>Starts redis-server on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        Assert.Null(_process);
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--daemonize", "no", "--logfile", "" })
        {
            start.ArgumentList.Add(argument);
        }
        if (_password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(_password);
        }
        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var waited = Stopwatch.StartNew();
        while (!await AnswersPingAsync())
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                string log;
                lock (output)
                {
                    log = output.ToString();
                }
                Assert.Fail($"redis-server did not start on port {Port}: {log}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Kills redis-server (no shutdown, nothing saved): clients see the connection drop.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        Assert.NotNull(process);
        _process = null;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>A client of its own (another "instance"), with the app's settings; admin commands allowed (FLUSHALL).</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = RedisExtensions.CreateOptions(Configuration);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            var ping = _password is null ? "PING\r\n" : $"AUTH {_password}\r\nPING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(ping));
            var answer = new StringBuilder();
            var buffer = new byte[64];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (!answer.ToString().Contains("+PONG", StringComparison.Ordinal) && await stream.ReadAsync(buffer, timeout.Token) is > 0 and var read)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return answer.ToString().Contains("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
