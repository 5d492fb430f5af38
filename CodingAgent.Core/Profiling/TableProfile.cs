namespace CodingAgent.Core.Profiling;

/// <summary>One table of a file: the file itself for CSV, JSON and Parquet, each sheet of a workbook.</summary>
/// <param name="Name">The stable name the agent and code use: the file's stem in lower case (other characters than letters, digits and _ become _), or <c>stem_sheet</c> for a sheet of a workbook with several.</param>
/// <param name="Sheet">The sheet's name in a workbook, else null.</param>
/// <param name="Rows">Data rows (the header excluded).</param>
/// <param name="SizeBytes">Bytes of the file (of the workbook, for a sheet).</param>
/// <param name="DuplicateRows">Rows equal to an earlier row.</param>
/// <param name="Read">How the file was read (dialect, encoding), so that pandas reads it the same way.</param>
/// <param name="Columns">Every column, in the file's order (at most <see cref="ProfileLimits.MaxProfiledColumns"/> profiled; the rest named in <see cref="OmittedColumns"/>).</param>
public sealed record TableProfile(
    string Name,
    string? Sheet,
    long Rows,
    int ColumnCount,
    long SizeBytes,
    long DuplicateRows,
    TableReadOptions Read,
    IReadOnlyList<ColumnProfile> Columns,
    IReadOnlyList<string>? OmittedColumns = null);
