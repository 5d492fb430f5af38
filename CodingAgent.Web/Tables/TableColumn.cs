namespace CodingAgent.Web.Tables;

/// <summary>A column of a table artifact: its name and pandas dtype as the kernel reported them.</summary>
public sealed record TableColumn(string Name, string Dtype)
{
    public TableColumnKind Kind { get; } = KindOf(Dtype);

    public bool IsNumeric => Kind is TableColumnKind.Integer or TableColumnKind.Real;

    public static TableColumnKind KindOf(string dtype) => dtype.ToLowerInvariant() switch
    {
        var d when d.StartsWith("int", StringComparison.Ordinal) || d.StartsWith("uint", StringComparison.Ordinal) => TableColumnKind.Integer,
        var d when d.StartsWith("float", StringComparison.Ordinal) => TableColumnKind.Real,
        "bool" or "boolean" => TableColumnKind.Boolean,
        var d when d.StartsWith("datetime", StringComparison.Ordinal) => TableColumnKind.Date,
        _ => TableColumnKind.Text,
    };
}
