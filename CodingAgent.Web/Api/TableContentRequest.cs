namespace CodingAgent.Web.Api;

/// <summary>The query string of a table artifact's content beyond the stored JSON: a page, a sort, filters or a download format.</summary>
public sealed record TableContentRequest(int? Offset, int? Limit, string? Format, string? Sort, string? Desc, IReadOnlyList<string> Filter)
{
    public bool IsPlain => Offset is null && Limit is null && Format is null && Sort is null && Desc is null && Filter.Count == 0;
}
