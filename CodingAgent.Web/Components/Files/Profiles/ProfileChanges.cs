using CodingAgent.Core.Profiling;

namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>What a cleaning changed in a file's profile: rows per table, type, nulls and distinct values per column, and the findings.</summary>
public sealed record ProfileChanges(IReadOnlyList<TableChange> Tables, IReadOnlyList<ColumnChange> Columns, int FindingsBefore, int FindingsAfter)
{
    /// <summary>Tables and columns in the order of the profile before, then the ones only the profile after has.</summary>
    public static ProfileChanges Between(FileProfile before, FileProfile after)
    {
        var tableNames = before.Tables.Select(t => t.Name).Concat(after.Tables.Select(t => t.Name)).Distinct(StringComparer.Ordinal);
        var tables = new List<TableChange>();
        var columns = new List<ColumnChange>();
        foreach (var name in tableNames)
        {
            var old = before.Tables.FirstOrDefault(t => t.Name == name);
            var @new = after.Tables.FirstOrDefault(t => t.Name == name);
            tables.Add(new TableChange(name, old?.Rows, @new?.Rows));
            var oldColumns = old?.Columns ?? [];
            var newColumns = @new?.Columns ?? [];
            foreach (var column in oldColumns.Select(c => c.Name).Concat(newColumns.Select(c => c.Name)).Distinct(StringComparer.Ordinal))
            {
                var was = oldColumns.FirstOrDefault(c => c.Name == column);
                var now = newColumns.FirstOrDefault(c => c.Name == column);
                columns.Add(new ColumnChange(name, column, was is null ? null : Measures.Of(was), now is null ? null : Measures.Of(now)));
            }
        }
        return new ProfileChanges(tables, columns, before.Findings.Count, after.Findings.Count);
    }
}
