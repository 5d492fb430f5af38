using System.Threading.Channels;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// File versions waiting to be profiled on this instance. Scheduling stores the version's profile as pending first,
/// so every instance answers "pending" at once and a profile whose instance died is picked up again
/// (<see cref="FileProfilingWorker"/>).
/// </summary>
public sealed class ProfilingQueue(IFileProfileStore store, TimeProvider time)
{
    private readonly Channel<ProfilingJob> _jobs = Channel.CreateUnbounded<ProfilingJob>(new UnboundedChannelOptions { SingleReader = false });

    public ChannelReader<ProfilingJob> Reader => _jobs.Reader;

    public async Task ScheduleAsync(WorkspaceFile file, CancellationToken cancellationToken)
    {
        await store.SaveAsync(new StoredProfile(file.SessionId, file.Name, file.Version, FileProfile.Pending() with { Version = file.Version }, time.GetUtcNow()), cancellationToken);
        Enqueue(new ProfilingJob(file.SessionId, file.Name, file.Version));
    }

    public void Enqueue(ProfilingJob job) => _jobs.Writer.TryWrite(job);
}
