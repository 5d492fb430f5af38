using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Profiling;

/// <summary>Hand-built profiles for tests of what is made from a profile (scripts, digests).</summary>
internal static class ProfileSamples
{
    public static ColumnProfile Column(string name, string type = ColumnTypes.Text, long nulls = 0, long distinct = 10, string storage = "VARCHAR",
        IReadOnlyList<TopValue>? top = null, IReadOnlyList<string>? examples = null, double? min = null, double? max = null) =>
        new(name, type, storage, null, nulls, 0, distinct,
            min is { } a ? JsonSerializer.SerializeToElement(a) : null, max is { } b ? JsonSerializer.SerializeToElement(b) : null,
            null, null, null, top ?? [], null, examples ?? []);

    public static TableProfile Table(string name, TableReadOptions read, IReadOnlyList<ColumnProfile> columns, long rows = 100, string? sheet = null) =>
        new(name, sheet, rows, columns.Count, 1000, 0, read, columns);

    public static ProfileFinding Finding(string kind, string table, string? column, string code, string message = "a problem") =>
        new($"{kind}:{table}:{column}", kind, table, column, message, code, 1);

    public static FileProfile Ready(IReadOnlyList<TableProfile> tables, IReadOnlyList<ProfileFinding> findings, string format = "csv") =>
        new(ProfileStatuses.Ready, null, tables, findings, format, 1);
}
