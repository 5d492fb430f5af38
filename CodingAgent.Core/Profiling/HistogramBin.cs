namespace CodingAgent.Core.Profiling;

/// <summary>One bin of a histogram: values from <see cref="From"/> (inclusive) to <see cref="To"/>, as text (numbers invariant, dates ISO).</summary>
public sealed record HistogramBin(string From, string To, long Count);
