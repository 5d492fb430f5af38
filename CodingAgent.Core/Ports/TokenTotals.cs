namespace CodingAgent.Core.Ports;

/// <summary>Tokens the model providers reported, in and out.</summary>
public sealed record TokenTotals(long Input, long Output, decimal? Cost = null)
{
    public static TokenTotals None { get; } = new(0, 0);

    public long Total => Input + Output;
}
