namespace CodingAgent.Core.Audit;

/// <summary>Which audit entries to read: by user and a time range (<paramref name="From"/> inclusive, <paramref name="To"/> exclusive).</summary>
public sealed record AuditQuery(string? User, DateTimeOffset? From, DateTimeOffset? To, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
