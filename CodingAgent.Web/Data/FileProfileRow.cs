namespace CodingAgent.Web.Data;

/// <summary>The stored profile of one file version (table <c>file_profiles</c>); the profile itself is JSON.</summary>
public sealed class FileProfileRow
{
    public Guid SessionId { get; set; }
    public string Name { get; set; } = "";
    public int Version { get; set; }

    /// <summary>pending, ready or failed: a column of its own so that stale pending profiles can be found.</summary>
    public string Status { get; set; } = "";

    public string Json { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}
