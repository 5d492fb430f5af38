namespace CodingAgent.Benchmarks.Ui;

/// <summary>Settings of the UI benchmarks (command line: <c>--tokens</c>, <c>--rounds</c>, <c>--circuits</c>, <c>--app</c>).</summary>
public sealed record UiBenchmarkOptions
{
    /// <summary>Tokens streamed per answer.</summary>
    public int Tokens { get; init; } = 200;

    /// <summary>Counted answers (one more warms up).</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The model's pace: about 50 tokens a second, as hosted models stream.</summary>
    public TimeSpan TokenInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Idle chat pages to open.</summary>
    public int Circuits { get; init; } = 50;

    /// <summary>Quiet time before each memory reading.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A <c>dotnet publish</c> output of CodingAgent.Web to start; null publishes one (Release) first.</summary>
    public string? AppDirectory { get; init; }
}
