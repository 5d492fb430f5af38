namespace CodingAgent.Web.Tables;

/// <summary>One condition on one column; <see cref="Value"/> is the text after the operator (empty for isnull/notnull).</summary>
public sealed record TableFilter(string Column, TableFilterOperator Operator, string Value)
{
    /// <summary>The filter as the API takes it: <c>column:op:value</c>.</summary>
    public override string ToString() => Operator is TableFilterOperator.IsNull or TableFilterOperator.NotNull
        ? $"{Column}:{Operator.ToString().ToLowerInvariant()}"
        : $"{Column}:{Operator.ToString().ToLowerInvariant()}:{Value}";
}
