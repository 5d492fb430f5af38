using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// npm's s3rver (tools/s3rver, installed by scripts/test.sh) on 127.0.0.1, a port of its own and a temporary folder;
/// it can be stopped and started again on the same port and folder (outage tests). <see cref="Client"/> is the
/// tests' own view of the bucket.
/// </summary>
public sealed class S3rverServer : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "codingagent-s3rver-" + Guid.NewGuid().ToString("N"));

    public int Port { get; private set; } = FreePort();

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>A bucket name of its own per server (the app creates it at start-up unless a test does first).</summary>
    public string Bucket { get; } = "codingagent-" + Guid.NewGuid().ToString("N")[..12];

    public IAmazonS3 Client { get; private set; } = null!;

    /// <summary>The app's settings for this server and bucket.</summary>
    public IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "S3",
        ["Storage:S3:ServiceUrl"] = ServiceUrl,
        ["Storage:S3:Bucket"] = Bucket,
        ["Storage:S3:AccessKey"] = AccessKey,
        ["Storage:S3:SecretKey"] = SecretKey,
    };

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        // the free port may be taken by another test's server before s3rver binds it: the first start tries another
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                break;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 3 && Log.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await StopAsync();
                Port = FreePort();
            }
        }
        Client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
    }

    /// <summary>Starts s3rver (again) on <see cref="Port"/> and <see cref="Directory"/> and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var script = Path.Combine(Repository.Root, "tools", "s3rver", "server.js");
        Assert.True(File.Exists(Path.Combine(Repository.Root, "tools", "s3rver", "node_modules", "s3rver", "package.json")),
            "s3rver is not installed: run 'npm ci --prefix tools/s3rver' (scripts/test.sh does).");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        // s3rver makes its listing continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider
        foreach (var arg in new[] { "--openssl-legacy-provider", script, "--address", "127.0.0.1", "--port", Port.ToString(), "--directory", Directory })
        {
            start.ArgumentList.Add(arg);
        }
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await Task.WhenAny(listening.Task, _process.WaitForExitAsync(timeout.Token));
        Assert.True(done == listening.Task && !_process.HasExited, $"s3rver did not start:\n{Log}");
    }

    /// <summary>Kills s3rver (its stored objects stay in <see cref="Directory"/>).</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    private void OnLine(string? line, TaskCompletionSource listening)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (line.StartsWith("listening on ", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }

    /// <summary>Every key in the bucket under <paramref name="prefix"/>, all pages.</summary>
    public async Task<List<string>> ListKeysAsync(string prefix = "")
    {
        var keys = new List<string>();
        string? continuation = null;
        do
        {
            var page = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = continuation });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
        return keys;
    }

    /// <summary>Multipart uploads begun and neither completed nor aborted.</summary>
    public async Task<List<string>> ListPendingUploadsAsync() =>
        [.. ((await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = Bucket })).MultipartUploads ?? []).Select(u => u.Key)];

    public async Task CreateBucketAsync()
    {
        try
        {
            await Client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // there already
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
