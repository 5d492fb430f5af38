namespace CodingAgent.Web.Tables;

/// <summary>The operators of <c>filter=column:op:value</c> (docs/api.md).</summary>
public enum TableFilterOperator
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
    StartsWith,
    EndsWith,
    IsNull,
    NotNull,
}
