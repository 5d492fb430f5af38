namespace CodingAgent.Profiler;

/// <summary>What a column's values are measured as: numbers (mean, quantiles, histogram, outliers), points in time, or neither.</summary>
internal enum ValueKind
{
    None,
    Number,
    Time,
}
