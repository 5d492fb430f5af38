using System.Globalization;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// Whether given answers match the expected ones. A number matches when the given value reads as a plain number
/// (invariant culture: sign, decimal point, exponent; no thousands separators, units or percent signs) within a
/// relative tolerance: |given − expected| ≤ max(1e-6 · |expected|, 1e-9). A text matches exactly (ordinal, case
/// included) once surrounding whitespace is trimmed.
/// </summary>
public static class AnswerComparer
{
    public const double RelativeTolerance = 1e-6;

    /// <summary>The absolute tolerance, for expected values at or near zero.</summary>
    public const double AbsoluteTolerance = 1e-9;

    /// <summary>True when every expected name is present and matches.</summary>
    public static bool AllMatch(IReadOnlyDictionary<string, ExpectedAnswer> expected, IReadOnlyDictionary<string, string> given) =>
        expected.All(e => given.TryGetValue(e.Key, out var value) && Matches(e.Value, value));

    public static bool Matches(ExpectedAnswer expected, string given)
    {
        if (expected.Number is { } number)
        {
            return double.TryParse(given.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value)
                && Math.Abs(value - number) <= Math.Max(RelativeTolerance * Math.Abs(number), AbsoluteTolerance);
        }
        return string.Equals(given.Trim(), expected.Text, StringComparison.Ordinal);
    }
}
