namespace CodingAgent.Web.Tables;

/// <summary>
/// What a user types in a column's filter box, as a <see cref="TableFilter"/>: <c>&gt;5</c>, <c>&gt;=5</c>, <c>&lt;5</c>,
/// <c>&lt;=5</c>, <c>=x</c>, <c>!=x</c>, <c>empty</c>/<c>!empty</c> (null or not); other text is <c>eq</c> on
/// numeric and true/false columns and <c>contains</c> elsewhere.
/// </summary>
public static class TableFilterText
{
    private static readonly (string Prefix, TableFilterOperator Operator)[] _prefixes =
    [
        (">=", TableFilterOperator.Ge), ("<=", TableFilterOperator.Le), ("!=", TableFilterOperator.Ne),
        (">", TableFilterOperator.Gt), ("<", TableFilterOperator.Lt), ("=", TableFilterOperator.Eq),
    ];

    /// <summary>The filter, or null for blank text.</summary>
    /// <exception cref="TableQueryException">The text does not fit the column (e.g. not a number).</exception>
    public static TableFilter? Parse(TableColumn column, string? text)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }
        if (text.Equals("empty", StringComparison.OrdinalIgnoreCase) || text.Equals("!empty", StringComparison.OrdinalIgnoreCase))
        {
            return new TableFilter(column.Name, text[0] == '!' ? TableFilterOperator.NotNull : TableFilterOperator.IsNull, "");
        }
        var filter = _prefixes.FirstOrDefault(p => text.StartsWith(p.Prefix, StringComparison.Ordinal)) is { Prefix: not null } match
            ? new TableFilter(column.Name, match.Operator, text[match.Prefix.Length..].Trim())
            : new TableFilter(column.Name, column.IsNumeric || column.Kind == TableColumnKind.Boolean ? TableFilterOperator.Eq : TableFilterOperator.Contains, text);
        // the same checks as the API's filter parameter
        return TableFilterParser.Parse(filter.ToString(), [column]);
    }
}
