namespace CodingAgent.Web.Tables;

/// <summary>How a column's cells are stored, compared and shown, from its pandas dtype.</summary>
public enum TableColumnKind
{
    Text,
    Integer,
    Real,
    Boolean,
    Date,
}
