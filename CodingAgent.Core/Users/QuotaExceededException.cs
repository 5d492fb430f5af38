namespace CodingAgent.Core.Users;

/// <summary>A per-user quota (<see cref="QuotaOptions"/>) refuses the action; the message says the quota and the usage.</summary>
public sealed class QuotaExceededException(string title, string message, bool storage) : Exception(message)
{
    public string Title { get; } = title;

    /// <summary>True for the storage quota (413), false for the concurrent runs (429).</summary>
    public bool Storage { get; } = storage;
}
