namespace CodingAgent.Web.Tables;

/// <summary>What a client asks of a table: a window of the rows that pass every filter, in the order of one column.</summary>
public sealed record TableQuery(int Offset = 0, int Limit = 100, string? Sort = null, bool Descending = false, IReadOnlyList<TableFilter>? Filters = null)
{
    public const int MaxLimit = 1000;

    public IReadOnlyList<TableFilter> Filters { get; init; } = Filters ?? [];
}
