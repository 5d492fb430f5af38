using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Components.Profiles;

/// <summary>
/// Profiles the tests script: each file's GetAsync answers follow the given sequence (the last one repeats); cleanings
/// and their previews are recorded, answered by the given functions, and can be held or made to fail.
/// </summary>
internal sealed class FakeFileProfiles : IFileProfiles
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (FileProfile[] Sequence, int Calls)> _profiles = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> _cleaned = [];
    private readonly List<IReadOnlyList<string>> _previewed = [];

    public Func<IReadOnlyList<string>, CleaningResult> Clean { get; set; } = _ => throw new CleaningException("No cleaning was scripted.");
    public Func<IReadOnlyList<string>, CleaningPreview> Preview { get; set; } = _ => throw new CleaningException("No preview was scripted.");

    /// <summary>When set, the next CleanAsync throws this (once).</summary>
    public CleaningException? FailNextClean { get; set; }

    /// <summary>When set, CleanAsync waits for it before it answers.</summary>
    public TaskCompletionSource? CleanGate { get; set; }

    /// <summary>When set, GetAsync waits for it before it answers.</summary>
    public TaskCompletionSource? GetGate { get; set; }

    public IReadOnlyList<IReadOnlyList<string>> Cleaned { get { lock (_lock) { return [.. _cleaned]; } } }
    public IReadOnlyList<IReadOnlyList<string>> Previewed { get { lock (_lock) { return [.. _previewed]; } } }

    public void Returns(string name, params FileProfile[] sequence)
    {
        lock (_lock)
        {
            _profiles[name] = (sequence, 0);
        }
    }

    public int GetCalls(string name)
    {
        lock (_lock)
        {
            return _profiles.TryGetValue(name, out var p) ? p.Calls : 0;
        }
    }

    public async Task<FileProfile?> GetAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken)
    {
        FileProfile? answer = null;
        lock (_lock)
        {
            if (_profiles.TryGetValue(name, out var p))
            {
                _profiles[name] = (p.Sequence, p.Calls + 1);
                answer = p.Sequence[Math.Min(p.Calls, p.Sequence.Length - 1)];
            }
        }
        if (GetGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        return answer;
    }

    public Task<CleaningPreview> PreviewCleaningAsync(Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _previewed.Add([.. findingIds]);
        }
        return Task.FromResult(Preview(findingIds));
    }

    public async Task<CleaningResult> CleanAsync(Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _cleaned.Add([.. findingIds]);
        }
        if (CleanGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (FailNextClean is { } failure)
        {
            FailNextClean = null;
            throw failure;
        }
        return Clean(findingIds);
    }
}
