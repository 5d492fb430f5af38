using System.Globalization;

namespace CodingAgent.Web.Tables;

/// <summary>How the grid shows a cell: numbers with thousands separators and at most four decimals (very large or small ones in exponent form), dates without the "T" and without a midnight time.</summary>
public static class TableCellFormat
{
    public static string Format(object? value, TableColumn column) => value switch
    {
        null => "",
        long integer => integer.ToString("#,##0", CultureInfo.InvariantCulture),
        double real when real != 0 && (Math.Abs(real) >= 1e15 || Math.Abs(real) < 1e-4) => real.ToString("0.###E+0", CultureInfo.InvariantCulture),
        double real => real.ToString("#,##0.####", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        string text when column.Kind == TableColumnKind.Date => Date(text),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Date(string text)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment))
        {
            return text;
        }
        var zone = moment.Kind == DateTimeKind.Utc ? " UTC" : "";
        return moment.TimeOfDay == TimeSpan.Zero
            ? moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + zone
            : moment.ToString(moment.Millisecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + zone;
    }
}
