using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Runs;

/// <summary>How runs are coordinated between instances (section <c>Runs</c>).</summary>
public sealed class RunOptions
{
    public const string SectionName = "Runs";

    /// <summary>
    /// Time to live of a session's run lock; the running instance renews it every third of that. An instance that
    /// dies leaves the session busy for at most twice this (expiry, then two checks half of it apart): at most 90 s.
    /// </summary>
    [Range(2, 45)]
    public int LockSeconds { get; set; } = 30;

    public TimeSpan LockTimeToLive => TimeSpan.FromSeconds(LockSeconds);

    /// <summary>How often each instance looks for runs whose instance died.</summary>
    public TimeSpan RecoveryInterval => TimeSpan.FromSeconds(LockSeconds / 2.0);
}
