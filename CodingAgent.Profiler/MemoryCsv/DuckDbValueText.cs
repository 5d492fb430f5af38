using System.Globalization;
using System.Text;

namespace CodingAgent.Profiler;

/// <summary>Stored values as DuckDB casts them to VARCHAR (and as the profile's queries return them).</summary>
internal static class DuckDbValueText
{
    /// <summary>
    /// A DOUBLE as <c>CAST(x AS VARCHAR)</c> writes it: the shortest text that reads back the same, fixed point with at
    /// least one decimal from 1e-4 up to 1e16 (<c>5000.0</c>, <c>0.0001</c>), else scientific with an exponent of at
    /// least two digits (<c>1e+16</c>, <c>1.5e-05</c>), as Python's repr.
    /// </summary>
    public static string Double(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        // the shortest round-trip digits and the exponent of the first of them
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = value < 0;
        var mantissa = shortest.TrimStart('-');
        int exponent;
        string digits;
        var eAt = mantissa.IndexOf('E', StringComparison.Ordinal);
        if (eAt >= 0)
        {
            exponent = int.Parse(mantissa[(eAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            digits = mantissa[..eAt].Replace(".", "", StringComparison.Ordinal);
        }
        else
        {
            var point = mantissa.IndexOf('.', StringComparison.Ordinal);
            var whole = point < 0 ? mantissa : mantissa[..point];
            var fraction = point < 0 ? "" : mantissa[(point + 1)..];
            var all = (whole + fraction).TrimStart('0');
            var leadingZeros = (whole + fraction).Length - all.Length;
            exponent = whole.Length - 1 - leadingZeros;
            digits = all;
        }
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var text = new StringBuilder(negative ? "-" : "");
        if (exponent is >= -4 and < 16)
        {
            if (exponent < 0)
            {
                text.Append("0.").Append('0', -exponent - 1).Append(digits);
            }
            else if (digits.Length <= exponent + 1)
            {
                text.Append(digits).Append('0', exponent + 1 - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }
            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>A DATE stored as days since 1970-01-01, as DuckDB returns it.</summary>
    public static DateOnly Date(int days) => DateOnly.FromDayNumber(UnixDay + days);

    /// <summary>The day number of 1970-01-01 (<see cref="DateOnly.DayNumber"/>).</summary>
    public static readonly int UnixDay = new DateOnly(1970, 1, 1).DayNumber;
}
