using System.Text.Json;

namespace CodingAgent.Core.Profiling;

/// <summary>The first rows of a sample of a table before and after the cleaning steps, and the script that ran.</summary>
/// <param name="Table">The table the rows come from (the first one the steps touch).</param>
/// <param name="SampleRows">Rows in the sample the steps ran on.</param>
/// <param name="RowsAfter">Rows of the sample left after the steps (duplicate removal drops some).</param>
public sealed record CleaningPreview(
    string Code,
    string Table,
    int SampleRows,
    int RowsAfter,
    IReadOnlyList<string> ColumnsBefore,
    IReadOnlyList<IReadOnlyList<JsonElement>> Before,
    IReadOnlyList<string> ColumnsAfter,
    IReadOnlyList<IReadOnlyList<JsonElement>> After);
