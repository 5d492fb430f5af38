using System.Text;
using CodingAgent.Sandbox.Process;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// A worker started as a child process (<see cref="BubblewrapProfilerLauncher"/>); <paramref name="release"/> frees its
/// uid, copy, input and scratch folders once it is gone. Started for its file, its stdin is closed at once; started
/// ahead of it (<paramref name="inputFolder"/> set), <see cref="AssignAsync"/> places the file there and writes its name.
/// </summary>
internal sealed class ProcessProfilerRun : ISpareProfilerRun
{
    private readonly ProcessTransport _transport;
    private readonly Action _release;
    private readonly string? _inputFolder;
    private readonly int? _uid;
    private ReadGrant? _grant;
    private readonly List<string> _hostPaths;
    private int _assigned;

    public ProcessProfilerRun(ProcessTransport transport, IReadOnlyList<string> hostPaths, Action release, string? inputFolder = null, int? uid = null)
    {
        _transport = transport;
        _release = release;
        _hostPaths = [.. hostPaths];
        _inputFolder = inputFolder;
        _uid = uid;
        if (inputFolder is null)
        {
            // nothing is written to the worker; its stdin is closed at once
            transport.Input.Dispose();
            Ready = Task.CompletedTask;
        }
        else
        {
            Ready = ReadReadyLineAsync(transport.Output);
        }
    }

    public Task Ready { get; }

    public Stream Output => _transport.Output;

    public Task Exited => _transport.Exited;

    public bool HasExited => _transport.Exited.IsCompleted;

    public ProfilerExit Exit => new(_transport.ExitCode, (_transport.Processes?.OomKills() ?? 0) > 0, _transport.LastDiagnosticLine);

    public IReadOnlyList<string> HostPaths => _hostPaths;

    public async Task AssignAsync(string input, string fileName, CancellationToken cancellationToken)
    {
        if (_inputFolder is null || Interlocked.Exchange(ref _assigned, 1) != 0)
        {
            throw new InvalidOperationException("This worker was started for its file, or has one already: a worker profiles one file only.");
        }
        var target = Path.Combine(_inputFolder, fileName);
        _hostPaths.Add(input);
        _grant = await ProfilerPrivateFolder.PlaceAsync(input, target, _uid, cancellationToken).ConfigureAwait(false);
        await using (_transport.Input.ConfigureAwait(false))
        {
            await _transport.Input.WriteAsync(Encoding.UTF8.GetBytes(fileName + "\n"), cancellationToken).ConfigureAwait(false);
            await _transport.Input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        // the output is the profile's from here: the ready line must be behind
        await Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the waiting worker's first line (<c>{"ready":true}</c>) byte by byte, so nothing after it is taken from the profile's output.</summary>
    private static async Task ReadReadyLineAsync(Stream output)
    {
        var one = new byte[1];
        // a line longer than this is not the ready line: the profile's reader sees the rest (and ignores it)
        for (var read = 0; read < 256; read++)
        {
            try
            {
                if (await output.ReadAsync(one).ConfigureAwait(false) == 0 || one[0] == (byte)'\n')
                {
                    return;
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Kill() => _transport.Kill();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // the worker is gone: its read access to the file goes before its uid can be another worker's
            _grant?.Dispose();
            _release();
        }
    }
}
