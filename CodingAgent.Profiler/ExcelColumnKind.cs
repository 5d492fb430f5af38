namespace CodingAgent.Profiler;

/// <summary>What the cells of a workbook column held, to give the loaded column the type pandas would give it.</summary>
internal sealed class ExcelColumnKind
{
    public bool Numbers { get; private set; }
    public bool Fractions { get; private set; }
    public bool Dates { get; private set; }
    public bool Booleans { get; private set; }
    public bool Texts { get; private set; }

    public void See(object value)
    {
        switch (value)
        {
            case double d:
                Numbers = true;
                Fractions |= d != Math.Floor(d) || Math.Abs(d) > 9e15;
                break;
            case int or long or decimal or float:
                Numbers = true;
                break;
            case DateTime:
                Dates = true;
                break;
            case bool:
                Booleans = true;
                break;
            default:
                Texts = true;
                break;
        }
    }

    /// <summary>The SQL that turns the loaded text into this column's type.</summary>
    public string Cast(string column)
    {
        var kinds = (Numbers ? 1 : 0) + (Dates ? 1 : 0) + (Booleans ? 1 : 0) + (Texts ? 1 : 0);
        if (kinds != 1)
        {
            return column;
        }
        return Numbers ? $"CAST({column} AS {(Fractions ? "DOUBLE" : "BIGINT")})"
            : Dates ? $"CAST({column} AS TIMESTAMP)"
            : Booleans ? $"CAST({column} AS BOOLEAN)"
            : column;
    }
}
