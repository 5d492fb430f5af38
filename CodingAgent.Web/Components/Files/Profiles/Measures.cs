using CodingAgent.Core.Profiling;

namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>What a before/after comparison shows of one column.</summary>
public sealed record Measures(string Type, long Nulls, long Distinct)
{
    public static Measures Of(ColumnProfile column) => new(ProfileFormat.Type(column), column.Nulls, column.Distinct);
}
