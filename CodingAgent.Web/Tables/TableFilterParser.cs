using System.Globalization;

namespace CodingAgent.Web.Tables;

/// <summary>
/// Reads <c>filter=column:op[:value]</c>. The column is the longest column name that the text starts with, followed by
/// <c>:</c> (so names may hold <c>:</c>); the operator runs to the next <c>:</c>; the value is the rest, as it is.
/// Comparisons on a numeric column take a number (invariant culture), on a boolean column true/false.
/// </summary>
public static class TableFilterParser
{
    public const int MaxFilters = 20;
    public const int MaxLength = 1000;

    private static readonly Dictionary<string, TableFilterOperator> _operators =
        Enum.GetValues<TableFilterOperator>().ToDictionary(o => o.ToString().ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    public static string OperatorNames => string.Join(", ", _operators.Keys);

    /// <exception cref="TableQueryException">Unknown column or operator, a value that does not fit the column.</exception>
    public static IReadOnlyList<TableFilter> ParseAll(IReadOnlyList<string> filters, IReadOnlyList<TableColumn> columns)
    {
        if (filters.Count > MaxFilters)
        {
            throw new TableQueryException("Invalid filter", $"At most {MaxFilters} filters may be combined.");
        }
        return [.. filters.Select(f => Parse(f, columns))];
    }

    /// <exception cref="TableQueryException">Unknown column or operator, a value that does not fit the column.</exception>
    public static TableFilter Parse(string text, IReadOnlyList<TableColumn> columns)
    {
        if (text.Length > MaxLength)
        {
            throw new TableQueryException("Invalid filter", $"A filter may have at most {MaxLength} characters.");
        }
        var candidates = columns.Where(c => text.Length > c.Name.Length && text[c.Name.Length] == ':' && text.StartsWith(c.Name, StringComparison.Ordinal))
            .OrderByDescending(c => c.Name.Length)
            .ToList();
        if (candidates.Count == 0)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            throw colon < 0
                ? new TableQueryException("Invalid filter", $"A filter is column:operator:value (operators: {OperatorNames}); '{text}' has no operator.")
                : new TableQueryException("Unknown column", $"The table has no column '{text[..colon]}'.");
        }
        string operatorText = "";
        foreach (var column in candidates)
        {
            var rest = text[(column.Name.Length + 1)..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            operatorText = colon < 0 ? rest : rest[..colon];
            if (_operators.TryGetValue(operatorText, out var op))
            {
                return Checked(new TableFilter(column.Name, op, colon < 0 ? "" : rest[(colon + 1)..]), column);
            }
        }
        throw new TableQueryException("Unknown filter operator", $"'{operatorText}' is not a filter operator; use one of {OperatorNames}.");
    }

    private static TableFilter Checked(TableFilter filter, TableColumn column)
    {
        switch (filter.Operator)
        {
            case TableFilterOperator.IsNull or TableFilterOperator.NotNull when filter.Value.Length > 0:
                throw new TableQueryException("Invalid filter", $"{filter.Operator.ToString().ToLowerInvariant()} takes no value.");
            case TableFilterOperator.Eq or TableFilterOperator.Ne or TableFilterOperator.Lt or TableFilterOperator.Le or TableFilterOperator.Gt or TableFilterOperator.Ge
                when column.IsNumeric && !TryNumber(filter.Value, out _):
                throw new TableQueryException("Invalid number", $"Column '{column.Name}' holds numbers; '{filter.Value}' is not a number (write 1234.5, without thousands separators).");
            case TableFilterOperator.Eq or TableFilterOperator.Ne when column.Kind == TableColumnKind.Boolean && TryBoolean(filter.Value) is null:
                throw new TableQueryException("Invalid filter", $"Column '{column.Name}' holds true/false; '{filter.Value}' is neither.");
            default:
                return filter;
        }
    }

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool? TryBoolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };
}
