namespace CodingAgent.Core.Profiling;

/// <summary>What a column's values mean (the profile's <c>type</c>).</summary>
public static class ColumnTypes
{
    public const string Integer = "integer";
    public const string Decimal = "decimal";
    public const string Boolean = "boolean";
    public const string Date = "date";
    public const string DateTime = "datetime";
    public const string Categorical = "categorical";
    public const string Text = "text";
    public const string Identifier = "identifier";

    public static IReadOnlyList<string> All { get; } = [Integer, Decimal, Boolean, Date, DateTime, Categorical, Text, Identifier];
}
