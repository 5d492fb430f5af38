using System.Text;

namespace CodingAgent.Profiler;

/// <summary>What a text means by its column's plan, parsed as the plan's SQL (<see cref="ColumnPlan.ValueSql"/>) parses it in DuckDB.</summary>
internal static class TextValues
{
    /// <summary>
    /// What a text means by the column's plan (<see cref="ColumnPlan.ValueSql"/>): the number, or the time in seconds
    /// (and microseconds) since 1970 and the index of the first date format that parses it (-1: none); NaN when none.
    /// False when a parse is unsure.
    /// </summary>
    internal static bool Parse(ReadOnlySpan<byte> text, ColumnPlan plan, bool marker, Span<byte> buffer, out double scale, out long micros, out int format, out bool numberText)
    {
        scale = double.NaN;
        micros = long.MinValue;
        format = -1;
        numberText = false;
        if (plan.Kind == ValueKind.Number)
        {
            if (marker)
            {
                return true;
            }
            var parse = plan.NumericText ? NumberFromText(text, buffer, out var number) : DuckDbTextParsers.TryDouble(text, out number);
            if (parse == TextParse.Unsure)
            {
                return false;
            }
            if (parse != TextParse.Parsed)
            {
                return true;
            }
            scale = number;
            if (plan.NumericText)
            {
                // TRY_CAST(r AS DOUBLE) reads no '$', ',', '%' or '(': text holding one is a number written as text
                if (text.IndexOfAny("$,%("u8) >= 0)
                {
                    numberText = true;
                }
                else
                {
                    var plain = DuckDbTextParsers.TryDouble(text, out _);
                    if (plain == TextParse.Unsure)
                    {
                        return false;
                    }
                    numberText = plain == TextParse.Null;
                }
            }
            return true;
        }
        if (plan.Kind == ValueKind.Time)
        {
            for (var f = 0; f < plan.DateFormats.Count; f++)
            {
                var parse = ParseTime(text, plan.DateFormats[f], out var time);
                if (parse == TextParse.Unsure)
                {
                    return false;
                }
                if (parse == TextParse.Parsed)
                {
                    micros = time;
                    scale = DuckDbTextParsers.EpochSeconds(time);
                    format = f;
                    return true;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// <c>coalesce(TRY_CAST(dollars stripped AS DOUBLE), TRY_CAST(stripped number AS DOUBLE))</c>
    /// (<see cref="ColumnPlan.ValueSql"/> for numbers written as text).
    /// </summary>
    internal static TextParse NumberFromText(ReadOnlySpan<byte> text, Span<byte> buffer, out double value)
    {
        if (PlainMoney(text, out value))
        {
            return TextParse.Parsed;
        }
        value = double.NaN;
        if (text.Length > buffer.Length || !System.Text.Ascii.IsValid(text))
        {
            return TextParse.Unsure;
        }
        // replace(replace(replace(r, '$', ''), ',', ''), ' ', '')
        var length = 0;
        foreach (var b in text)
        {
            if (b is not ((byte)'$' or (byte)',' or (byte)' '))
            {
                buffer[length++] = b;
            }
        }
        var first = DuckDbTextParsers.TryDouble(buffer[..length], out value);
        if (first != TextParse.Null)
        {
            return first;
        }
        // translate(r, '$€£¥,% ', ''), with ( ) too and a leading minus when the text holds a parenthesis (ASCII text: no € £ ¥)
        var negative = text.Contains((byte)'(');
        length = 0;
        if (negative)
        {
            buffer[length++] = (byte)'-';
        }
        foreach (var b in text)
        {
            if (b is not ((byte)'$' or (byte)',' or (byte)'%' or (byte)' ') && !(negative && b is (byte)'(' or (byte)')'))
            {
                buffer[length++] = b;
            }
        }
        return DuckDbTextParsers.TryDouble(buffer[..length], out value);
    }

    /// <summary>
    /// Text of an optional '$', then digits among which commas may stand, then an optional '.' and digits, 15 digits
    /// at most ("$1,234.50"): read at once, as the first cast of <see cref="NumberFromText"/> reads it with the '$' and
    /// the commas stripped (digits, a point and digits: the exact path of <see cref="DuckDbTextParsers.TryDouble"/>,
    /// the mantissa divided once by a power of ten). False for any other text (then the casts read it).
    /// </summary>
    private static bool PlainMoney(ReadOnlySpan<byte> text, out double value)
    {
        value = double.NaN;
        var at = text.Length > 0 && text[0] == (byte)'$' ? 1 : 0;
        ulong mantissa = 0;
        int digits = 0, whole = -1;
        for (; at < text.Length; at++)
        {
            var digit = (uint)(text[at] - '0');
            if (digit <= 9)
            {
                mantissa = mantissa * 10 + digit;
                digits++;
            }
            else if (text[at] == (byte)'.' && whole < 0 && digits > 0)
            {
                whole = digits;
            }
            else if (text[at] != (byte)',' || whole >= 0)
            {
                return false;
            }
        }
        if (digits is 0 or > 15 || whole == digits)
        {
            return false;
        }
        value = whole < 0 ? mantissa : mantissa / DuckDbTextParsers.PowersOfTen[digits - whole];
        return true;
    }

    /// <summary>The text as a TIMESTAMP (microseconds since 1970) in the format, as <see cref="ColumnPlan"/>'s SQL parses it.</summary>
    internal static TextParse ParseTime(ReadOnlySpan<byte> text, string format, out long micros)
    {
        micros = 0;
        switch (format)
        {
            case "%Y-%m-%d":
                var parse = DuckDbTextParsers.TryDate(text, out var days);
                micros = DuckDbTextParsers.DateMicros(days);
                return parse;
            case "%Y-%m-%d %H:%M:%S":
                return DuckDbTextParsers.TryTimestamp(text, out micros);
            default:
                return DuckDbTextParsers.TryStrptime(text, format, out micros);
        }
    }
}
