using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Users;

/// <summary>Per-user limits (section <c>Quotas</c>); 0 (the default) is unlimited. Tokens per day: <c>Agent:UserDailyTokenBudget</c>.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>The most a user's sessions may store: the sizes of every version of every file in them, in MB.</summary>
    [Range(0, 10_000_000)]
    public int StorageMbPerUser { get; set; }

    /// <summary>How many of a user's questions may be answered at once (across their sessions and every instance).</summary>
    [Range(0, 10_000)]
    public int ConcurrentRunsPerUser { get; set; }

    public long StorageBytesPerUser => StorageMbPerUser * 1024L * 1024L;
}
