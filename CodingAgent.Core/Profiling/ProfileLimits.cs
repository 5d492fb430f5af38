namespace CodingAgent.Core.Profiling;

/// <summary>Bounds that keep a profile small whatever the file holds.</summary>
public static class ProfileLimits
{
    public const int MaxProfiledColumns = 500;
    public const int MaxTables = 50;
    public const int TopValues = 10;
    public const int Examples = 5;
    public const int HistogramBins = 20;
    public const int MaxValueChars = 200;
    public const int MaxFindings = 1000;
}
