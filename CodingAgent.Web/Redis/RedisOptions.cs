namespace CodingAgent.Web.Redis;

/// <summary>
/// <c>Redis:Configuration</c>: a StackExchange.Redis configuration string (<c>host:port,password=…,ssl=true</c>).
/// Empty: one instance with in-process session locks and bus, data-protection keys in the data folder. It may hold a
/// password, so it is never logged nor shown.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    public string? Configuration { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);
}
