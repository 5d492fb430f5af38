using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Runs;

/// <summary>How runs are coordinated between instances (section <c>Runs</c>).</summary>
public sealed class RunOptions
{
    public const string SectionName = "Runs";

    /// <summary>
    /// Time to live of a session's run lock; the running instance renews it every third of that. An instance that
    /// dies leaves the session busy for at most 1.8 times this (expiry, then two checks 0.4 of it apart): 54 s by
    /// default, at most 81 s.
    /// </summary>
    [Range(2, 45)]
    public int LockSeconds { get; set; } = 30;

    public TimeSpan LockTimeToLive => TimeSpan.FromSeconds(LockSeconds);

    /// <summary>How often each instance looks for runs whose instance died.</summary>
    /// <remarks>Longer than the lease's renewal (a third of the lock's life), so that a lock lost with a lock-store restart is
    /// taken back by its live run between two checks.</remarks>
    public TimeSpan RecoveryInterval => TimeSpan.FromSeconds(LockSeconds * 0.4);
}
