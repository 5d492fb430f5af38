using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>A column's profile and the counts behind its findings (what <see cref="FindingDetector"/> reads).</summary>
/// <param name="MarkerRows">Rows holding blank text or a null marker ("N/A", "-", …).</param>
/// <param name="MarkerValues">The distinct markers found, as written (trimmed).</param>
/// <param name="BadRows">Values of a number or date column that do not parse as one.</param>
/// <param name="NumericTextRows">Numbers written with currency symbols, separators, percent signs or parentheses.</param>
/// <param name="FormatCounts">Rows each date format parses.</param>
/// <param name="CaseVariants">Every trimmed spelling of a category that is written in several ways (equal after trimming and case folding), mapped to its most frequent spelling.</param>
/// <param name="CaseRows">Rows whose value differs from that most frequent spelling.</param>
/// <param name="KeyDuplicates">For a likely key: non-missing values repeating an earlier one; null when the column is not a likely key.</param>
internal sealed record ColumnFacts(
    ColumnPlan Plan,
    ColumnProfile Profile,
    long MarkerRows,
    IReadOnlyList<string> MarkerValues,
    long WhitespaceRows,
    long BadRows,
    IReadOnlyList<string> BadExamples,
    long NumericTextRows,
    IReadOnlyList<(string Format, long Rows)> FormatCounts,
    double? LowerFence,
    double? UpperFence,
    IReadOnlyDictionary<string, string> CaseVariants,
    long CaseRows,
    long? KeyDuplicates);
