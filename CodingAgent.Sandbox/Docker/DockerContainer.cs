using System.IO.Pipelines;
using CodingAgent.Sandbox.Cgroups;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace CodingAgent.Sandbox.Docker;

/// <summary>How a container ended.</summary>
internal sealed record ContainerExit(long ExitCode, bool OomKilled);

/// <summary>One sandbox container (a kernel, or a file profiler): created, attached, started; always force-removed on dispose.</summary>
internal interface IDockerContainer : IKernelTransport
{
    string Id { get; }
}

/// <summary>
/// A container whose stdio carries the kernel protocol: stdin from <see cref="Input"/>, stdout demultiplexed into
/// <see cref="Output"/>, stderr kept as diagnostics.
/// </summary>
internal sealed class DockerContainer : IDockerContainer
{
    private readonly DockerClient _client;
    private readonly MultiplexedStream _stream;
    private readonly Pipe _stdout = new();
    private readonly DiagnosticLines _diagnostics = new();
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private ContainerExit? _exit;
    private Task? _removal;
    private volatile bool _draining;

    private DockerContainer(DockerClient client, string id, MultiplexedStream stream, Cgroup? cgroup)
    {
        _client = client;
        Id = id;
        Processes = cgroup is null ? null : new KernelProcesses(cgroup, () => _exit is { OomKilled: true });
        _stream = stream;
        Input = new StdinStream(stream);
        Output = _stdout.Reader.AsStream();
        _pump = Task.Run(PumpAsync);
        Exited = WaitExitAsync();
    }

    public string Id { get; }

    public Stream Input { get; }

    public Stream Output { get; }

    public Task Exited { get; }

    public IKernelProcesses? Processes { get; }

    /// <summary>How the container ended, once <see cref="Exited"/> completed (a container removed before it could be asked: exit code 137).</summary>
    public ContainerExit? Exit => _exit;

    /// <summary>The last non-empty line the container wrote to stderr (cut at <see cref="DiagnosticLines.MaxLineChars"/>), or null.</summary>
    public string? LastDiagnosticLine => _diagnostics.LastLine;

    /// <param name="mounts">The host's cgroup hierarchies, to find the container's cgroup through its init's pid (null: do not).</param>
    public static async Task<DockerContainer> StartAsync(DockerClient client, CreateContainerParameters parameters, CgroupMounts? mounts, CancellationToken cancellationToken)
    {
        var created = await client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await client.Containers.AttachContainerAsync(created.ID, tty: false,
                new ContainerAttachParameters { Stream = true, Stdin = parameters.OpenStdin, Stdout = true, Stderr = true }, cancellationToken).ConfigureAwait(false);
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
            var pid = (await client.Containers.InspectContainerAsync(created.ID, cancellationToken).ConfigureAwait(false)).State.Pid;
            var cgroup = pid > 0 ? mounts?.OfProcess((int)pid) : null;
            return new DockerContainer(client, created.ID, stream, cgroup);
        }
        catch
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public string DescribeExit()
    {
        var diagnostics = _diagnostics.Text;
        var state = _exit switch
        {
            null => "still running",
            { OomKilled: true } => "killed for exceeding its memory limit",
            { ExitCode: > 128 } e => $"killed by signal {e.ExitCode - 128}",
            { } e => $"exit code {e.ExitCode}",
        };
        return diagnostics.Length > 0 ? $"{state}: {diagnostics}" : state;
    }

    public void Kill() => _ = RemoveAsync();

    /// <summary>
    /// Kills the container's processes but keeps the container, so that how it ended can still be read (its stdout
    /// ends, <see cref="Exited"/> completes); dispose removes it. Where the engine does not answer, removes it at once.
    /// </summary>
    public async Task KillKeepingStateAsync()
    {
        try
        {
            await _client.Containers.KillContainerAsync(Id, new ContainerKillParameters { Signal = "KILL" }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // not running any more
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException)
        {
            await RemoveAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveAsync().ConfigureAwait(false);
        await Task.WhenAny(_pump, Task.Delay(2000)).ConfigureAwait(false);
        _stream.Dispose();
    }

    /// <summary>Force-removes the container once; every caller awaits that same removal.</summary>
    private Task RemoveAsync()
    {
        lock (_gate)
        {
            return _removal ??= RemoveOnceAsync();
        }
    }

    private async Task RemoveOnceAsync()
    {
        // nobody reads the protocol any more: let the pump drain the attach stream, or the engine blocks on it
        _draining = true;
        await _stdout.Reader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _client.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerApiException)
        {
            // already gone
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }
                if (read.Target == MultiplexedStream.TargetStream.StandardOut)
                {
                    if (!_draining && (await _stdout.Writer.WriteAsync(buffer.AsMemory(0, read.Count)).ConfigureAwait(false)).IsCompleted)
                    {
                        _draining = true;
                    }
                }
                else
                {
                    _diagnostics.Append(buffer.AsSpan(0, read.Count));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // the container went away
        }
        finally
        {
            _diagnostics.Complete();
            await _stdout.Writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WaitExitAsync()
    {
        await _pump.ConfigureAwait(false);
        try
        {
            var state = (await _client.Containers.InspectContainerAsync(Id, CancellationToken.None).ConfigureAwait(false)).State;
            _exit = new ContainerExit(state.ExitCode, state.OOMKilled);
        }
        catch (DockerApiException)
        {
            _exit = new ContainerExit(137, false);
        }
    }

    /// <summary>Writes go to the container's stdin through the attach stream.</summary>
    private sealed class StdinStream(MultiplexedStream stream) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) =>
            stream.WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            stream.WriteAsync(buffer, offset, count, cancellationToken);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = buffer.ToArray();
            await stream.WriteAsync(array, 0, array.Length, cancellationToken).ConfigureAwait(false);
        }
    }
}
