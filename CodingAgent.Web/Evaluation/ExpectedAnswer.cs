namespace CodingAgent.Web.Evaluation;

/// <summary>
/// The right value of one named result: a number (<see cref="Number"/>, compared with a relative tolerance) or a
/// text (<see cref="Text"/>, compared exactly).
/// </summary>
public sealed record ExpectedAnswer(double? Number, string? Text)
{
    public static ExpectedAnswer Of(double number) => new(number, null);

    public static ExpectedAnswer Of(string text) => new(null, text.Trim());

    /// <summary>The value as the results file writes it: a JSON number or string.</summary>
    public object Value => Number is { } number ? number : Text!;
}
