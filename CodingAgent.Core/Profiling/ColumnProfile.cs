using System.Text.Json;

namespace CodingAgent.Core.Profiling;

/// <summary>The profile of one column.</summary>
/// <param name="Type">One of <see cref="ColumnTypes"/>: what the values mean, which may differ from how they are stored.</param>
/// <param name="StorageType">How the values are stored or were parsed (BIGINT, DOUBLE, VARCHAR, DATE…).</param>
/// <param name="DateFormat">The detected format of a date or datetime column (strftime), else null.</param>
/// <param name="Nulls">Missing values, empty strings included.</param>
/// <param name="Empty">Empty or blank strings among <see cref="Nulls"/>.</param>
/// <param name="Distinct">Distinct values (approximate above 100,000).</param>
/// <param name="Min">The smallest value: a number for numbers, text otherwise; null when there is no value.</param>
/// <param name="Quantiles">5th, 25th, 50th, 75th and 95th percentiles of numbers, else null.</param>
/// <param name="Top">The most frequent values with their counts.</param>
/// <param name="Histogram">Counts over equal-width bins of numbers, dates or times, else null (past the first 100,000 rows, the bins span those rows' range and the end bins also hold the values beyond it).</param>
/// <param name="Examples">A few distinct values as text.</param>
/// <param name="Outliers">Numbers outside the 1.5 × IQR fences, else null.</param>
public sealed record ColumnProfile(
    string Name,
    string Type,
    string StorageType,
    string? DateFormat,
    long Nulls,
    long Empty,
    long Distinct,
    JsonElement? Min,
    JsonElement? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<double>? Quantiles,
    IReadOnlyList<TopValue> Top,
    IReadOnlyList<HistogramBin>? Histogram,
    IReadOnlyList<string> Examples,
    long? Outliers = null);
