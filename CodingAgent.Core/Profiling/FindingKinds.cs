namespace CodingAgent.Core.Profiling;

/// <summary>The kinds of quality findings (the profile's <c>findings[].kind</c>).</summary>
public static class FindingKinds
{
    public const string DuplicateRows = "duplicate_rows";
    public const string MixedTypes = "mixed_types";
    public const string NullMarkers = "null_markers";
    public const string Whitespace = "whitespace";
    public const string InconsistentCase = "inconsistent_case";
    public const string DateFormats = "date_formats";
    public const string NumericText = "numeric_text";
    public const string Outliers = "outliers";
    public const string ConstantColumn = "constant_column";
    public const string MostlyEmpty = "mostly_empty";
    public const string KeyViolation = "key_violation";

    public static IReadOnlyList<string> All { get; } =
        [DuplicateRows, MixedTypes, NullMarkers, Whitespace, InconsistentCase, DateFormats, NumericText, Outliers, ConstantColumn, MostlyEmpty, KeyViolation];
}
