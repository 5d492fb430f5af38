using Microsoft.Data.Sqlite;

namespace CodingAgent.Web.Tables;

/// <summary>
/// The SQL of a query store: table <c>t</c> with columns <c>c0</c>, <c>c1</c>, … in the artifact's order and the
/// original row order as <c>rowid</c>. Column names never reach SQL (only their indexes) and values go as parameters.
/// </summary>
internal static class TableSql
{
    public static string Column(int index) => "c" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Affinity(TableColumnKind kind) => kind switch
    {
        TableColumnKind.Integer or TableColumnKind.Boolean => " INTEGER",
        TableColumnKind.Real => " REAL",
        TableColumnKind.Date => " TEXT",
        _ => "", // object columns keep numbers as numbers and text as text
    };

    /// <summary>The WHERE clause (empty or starting with a space) for the filters, adding its parameters to <paramref name="command"/>.</summary>
    public static string Where(IReadOnlyList<TableFilter> filters, IReadOnlyList<TableColumn> columns, SqliteCommand command)
    {
        if (filters.Count == 0)
        {
            return "";
        }
        var conditions = new List<string>();
        foreach (var filter in filters)
        {
            var index = IndexOf(columns, filter.Column);
            var column = columns[index];
            var c = Column(index);
            var p = "@p" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            conditions.Add(filter.Operator switch
            {
                TableFilterOperator.IsNull => $"{c} IS NULL",
                TableFilterOperator.NotNull => $"{c} IS NOT NULL",
                TableFilterOperator.Eq => $"{c} = {p}",
                TableFilterOperator.Ne => $"{c} IS NOT {p}",
                TableFilterOperator.Lt => $"{c} < {p}",
                TableFilterOperator.Le => $"{c} <= {p}",
                TableFilterOperator.Gt => $"{c} > {p}",
                TableFilterOperator.Ge => $"{c} >= {p}",
                _ => $"{c} LIKE {p} ESCAPE '\\'",
            });
            if (filter.Operator is not (TableFilterOperator.IsNull or TableFilterOperator.NotNull))
            {
                command.Parameters.AddWithValue(p, Parameter(filter, column));
            }
        }
        return " WHERE " + string.Join(" AND ", conditions);
    }

    /// <summary>ORDER BY the sort column (ties in row order, the same direction so that its index serves both), else row order.</summary>
    public static string OrderBy(int? sortColumn, bool descending) => sortColumn is { } index
        ? $" ORDER BY {Column(index)} {(descending ? "DESC" : "ASC")}, rowid {(descending ? "DESC" : "ASC")}"
        : " ORDER BY rowid";

    public static int IndexOf(IReadOnlyList<TableColumn> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == name)
            {
                return i;
            }
        }
        throw new TableQueryException("Unknown column", $"The table has no column '{name}'.");
    }

    private static object Parameter(TableFilter filter, TableColumn column)
    {
        switch (filter.Operator)
        {
            case TableFilterOperator.Contains:
                return "%" + EscapeLike(filter.Value) + "%";
            case TableFilterOperator.StartsWith:
                return EscapeLike(filter.Value) + "%";
            case TableFilterOperator.EndsWith:
                return "%" + EscapeLike(filter.Value);
        }
        if (column.IsNumeric && TableFilterParser.TryNumber(filter.Value, out var number))
        {
            return number == Math.Floor(number) && Math.Abs(number) < 9e15 ? (long)number : number;
        }
        if (column.Kind == TableColumnKind.Boolean && TableFilterParser.TryBoolean(filter.Value) is { } flag)
        {
            return flag ? 1L : 0L;
        }
        return filter.Value;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
