using System.Collections.Concurrent;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The one place that decides whether a session's kernel was replaced: it remembers (weakly) the kernel each session
/// used last. A kernel other than that one, or the first one this instance hands out for the session, means the
/// variables of earlier executions are gone.
/// </summary>
public sealed class KernelTracker(ISandboxPool sandboxes)
{
    private const int MaxSessions = 10_000;
    private readonly ConcurrentDictionary<Guid, Entry> _last = new();

    /// <summary>The session's kernel (started if needed), and whether it replaced the one the session used before.</summary>
    public async Task<KernelAcquisition> AcquireAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var kernel = await sandboxes.GetKernelAsync(sessionId, cancellationToken);
        var replaced = true;
        if (_last.Count >= MaxSessions)
        {
            _last.Clear();
        }
        _last.AddOrUpdate(sessionId, _ => new Entry(kernel), (_, previous) =>
        {
            replaced = !previous.Holds(kernel);
            return previous.Holds(kernel) ? previous : new Entry(kernel);
        });
        return new KernelAcquisition(kernel, replaced);
    }

    private sealed class Entry(IKernel kernel)
    {
        // weak: a stopped kernel must not be kept alive by the memory of having used it
        private readonly WeakReference<IKernel> _kernel = new(kernel);

        public bool Holds(IKernel kernel) => _kernel.TryGetTarget(out var held) && ReferenceEquals(held, kernel);
    }
}
