namespace CodingAgent.Web.Tables;

/// <summary>A query that names an unknown column, an unknown operator or a value that does not fit: a 400 problem.</summary>
public sealed class TableQueryException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}
