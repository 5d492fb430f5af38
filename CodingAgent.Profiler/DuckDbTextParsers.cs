using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>
/// DuckDB's (1.5) conversions of text, done in .NET on a UTF-8 field: <c>TRY_CAST(r AS DOUBLE | BIGINT | DATE | TIMESTAMP | BOOLEAN)</c>,
/// <c>try_strptime(trim(r), format)</c> for the profiler's date formats, and how <c>read_csv(..., auto_detect=false, columns={...})</c>
/// reads a field into a DOUBLE, BIGINT, DATE or BOOLEAN column, and the epoch() of the times. Each method gives exactly DuckDB's answer, or
/// <see cref="TextParse.Unsure"/> when the text is outside the forms it knows DuckDB's answer for (then ask DuckDB); the common forms are
/// answered without allocating. The rules follow DuckDB's source (TryDoubleCast with its fast_float, TrySimpleIntegerCast,
/// Date::TryConvertDate, Timestamp::TryConvertTimestamp, StrpTimeFormat::Parse, TryCastStringBool) and are checked against DuckDB
/// itself by <c>DuckDbTextParsersTests</c>. Whitespace below is DuckDB's: space, \t, \n, \v, \f, \r.
/// </summary>
internal static class DuckDbTextParsers
{
    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerDay = 86_400 * MicrosPerSecond;

    /// <summary>Longer numbers go to DuckDB (both parsers round any length correctly; this only bounds what the tests covered).</summary>
    private const int LongestNumber = 100;

    /// <summary>Below this a double's mantissa is exact (at most 15 digits), so mantissa × or ÷ an exact power of ten is correctly rounded.</summary>
    private const int FastPathDigits = 15;

    /// <summary>The powers of ten a double holds exactly (10^0 to 10^22): a mantissa of 15 digits at most scaled by one of them is rounded once.</summary>
    internal static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    private static readonly int[] _daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>
    /// <c>TRY_CAST(r AS DOUBLE)</c>: whitespace around, one '+' and then one '-' (so "+-1" is -1), digits with an optional fraction
    /// ("5." and ".5" too) and exponent, correctly rounded; too large gives ±infinity, too small ±0. Unsure: inf/nan spellings, '_' digit
    /// separators, numbers over 100 characters.
    /// </summary>
    public static TextParse TryDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var n = text.Length;
        var i = SkipSpaces(text, 0);
        if (i == n)
        {
            return TextParse.Null;
        }
        if (text[i] == '+')
        {
            i++;
            if (i == n)
            {
                return TextParse.Null;
            }
        }
        var start = i;
        var negative = text[i] == '-';
        if (negative)
        {
            i++;
            if (i == n)
            {
                return TextParse.Null;
            }
        }
        var first = text[i];
        if (!IsDigit(first) && first != '.')
        {
            // fast_float's "inf", "infinity", "nan", "nan(...)"; nothing else starts a number
            return Lower(first) == 'i' || Lower(first) == 'n' ? TextParse.Unsure : TextParse.Null;
        }
        ulong mantissa = 0;
        var digits = 0;
        while (i < n && IsDigit(text[i]))
        {
            mantissa = mantissa * 10 + (ulong)(text[i] - '0');
            digits++;
            i++;
        }
        if (i < n && text[i] == '_')
        {
            return TextParse.Unsure;
        }
        var fractionDigits = 0;
        if (i < n && text[i] == '.')
        {
            i++;
            while (i < n && IsDigit(text[i]))
            {
                mantissa = mantissa * 10 + (ulong)(text[i] - '0');
                fractionDigits++;
                i++;
            }
            if (i < n && text[i] == '_')
            {
                return TextParse.Unsure;
            }
        }
        digits += fractionDigits;
        if (digits == 0)
        {
            return TextParse.Null;
        }
        var exponent = 0;
        var exponentDigits = 0;
        if (i < n && Lower(text[i]) == 'e')
        {
            var e = i + 1;
            var negativeExponent = false;
            if (e < n && (text[e] == '+' || text[e] == '-'))
            {
                negativeExponent = text[e] == '-';
                e++;
            }
            var exponentStart = e;
            while (e < n && IsDigit(text[e]))
            {
                if (exponentDigits < 5)
                {
                    exponent = exponent * 10 + (text[e] - '0');
                }
                exponentDigits++;
                e++;
            }
            if (e > exponentStart)
            {
                if (e < n && text[e] == '_')
                {
                    return TextParse.Unsure;
                }
                i = e;
                exponent = negativeExponent ? -exponent : exponent;
            }
            // without exponent digits the 'e' is not part of the number (and is trailing text)
        }
        var end = i;
        if (SkipSpaces(text, i) != n)
        {
            return TextParse.Null;
        }
        var scale = exponent - fractionDigits;
        if (digits <= FastPathDigits && exponentDigits <= 4 && scale is >= -22 and <= 22)
        {
            var exact = (double)mantissa;
            value = scale >= 0 ? exact * PowersOfTen[scale] : exact / PowersOfTen[-scale];
            value = negative ? -value : value;
            return TextParse.Parsed;
        }
        if (end - start > LongestNumber)
        {
            return TextParse.Unsure;
        }
        return double.TryParse(text[start..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value)
            ? TextParse.Parsed
            : TextParse.Unsure;
    }

    /// <summary>
    /// <c>TRY_CAST(r AS BIGINT)</c>: whitespace around, a sign, digits; out of range is NULL. A fraction rounds half away from zero
    /// ("1.5" is 2, "-0.5" is -1, ".5" is 1, "5." is 5), an exponent on whole digits scales ("1e3" is 1000, "15e-1" is 2), and a sign
    /// followed by nothing but whitespace is 0. Unsure: hexadecimal and binary (0x.., 0b..), '_' digit separators, a fraction with an
    /// exponent, exponents that are not plain 1-4 digits.
    /// </summary>
    public static TextParse TryBigint(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var n = text.Length;
        var i = SkipSpaces(text, 0);
        if (i == n)
        {
            return TextParse.Null;
        }
        if (text[i] == '0' && i + 1 < n && (Lower(text[i + 1]) == 'x' || Lower(text[i + 1]) == 'b'))
        {
            return TextParse.Unsure;
        }
        var negative = text[i] == '-';
        if (negative || text[i] == '+')
        {
            i++;
        }
        // the magnitude, at most 2^63 for a negative number and 2^63 - 1 for a positive one
        var limit = negative ? 9_223_372_036_854_775_808UL : long.MaxValue;
        var start = i;
        ulong magnitude = 0;
        while (i < n && IsDigit(text[i]))
        {
            var digit = (ulong)(text[i] - '0');
            // (18 digits stay below either limit: the range is checked, by a division, from the 19th on)
            if (i - start >= 18 && magnitude > (limit - digit) / 10)
            {
                return TextParse.Null;
            }
            magnitude = magnitude * 10 + digit;
            i++;
        }
        if (i < n && text[i] == '_')
        {
            return TextParse.Unsure;
        }
        if (i == n)
        {
            return i > start ? Signed(magnitude, negative, out value) : TextParse.Null;
        }
        var c = text[i];
        if (c == '.')
        {
            var hasWhole = i > start;
            i++;
            var fractionStart = i;
            while (i < n && IsDigit(text[i]))
            {
                i++;
            }
            if (i < n && text[i] == '_')
            {
                return TextParse.Unsure;
            }
            if (!hasWhole && i == fractionStart)
            {
                return TextParse.Null;
            }
            if (i < n && Lower(text[i]) == 'e')
            {
                return TextParse.Unsure;
            }
            if (SkipSpaces(text, i) != n)
            {
                return TextParse.Null;
            }
            // rounds half away from zero on the first digit after the point
            if (i > fractionStart && text[fractionStart] >= '5')
            {
                if (magnitude == limit)
                {
                    return TextParse.Null;
                }
                magnitude++;
            }
            return Signed(magnitude, negative, out value);
        }
        if (IsSpace(c))
        {
            // after a bare sign too: "- " is 0
            return SkipSpaces(text, i) == n ? Signed(magnitude, negative, out value) : TextParse.Null;
        }
        if (Lower(c) != 'e')
        {
            return TextParse.Null;
        }
        if (i == start)
        {
            return TextParse.Null;
        }
        i++;
        if (i == n)
        {
            return TextParse.Null;
        }
        var negativeExponent = text[i] == '-';
        if (negativeExponent || text[i] == '+')
        {
            i++;
        }
        var exponentStart = i;
        var exponent = 0;
        while (i < n && IsDigit(text[i]) && i - exponentStart < 4)
        {
            exponent = exponent * 10 + (text[i] - '0');
            i++;
        }
        if (i == exponentStart || SkipSpaces(text, i) != n)
        {
            return TextParse.Unsure;
        }
        if (negativeExponent)
        {
            // drops digits one by one; the last one dropped decides the rounding
            ulong dropped = 0;
            for (var k = 0; k < exponent; k++)
            {
                dropped = magnitude % 10;
                magnitude /= 10;
                if (magnitude == 0 && dropped == 0)
                {
                    break;
                }
            }
            if (dropped >= 5)
            {
                magnitude++;
            }
            return Signed(magnitude, negative, out value);
        }
        for (var k = 0; k < exponent && magnitude != 0; k++)
        {
            if (magnitude > limit / 10)
            {
                return TextParse.Null;
            }
            magnitude *= 10;
        }
        return Signed(magnitude, negative, out value);
    }

    /// <summary>
    /// <c>TRY_CAST(r AS DATE)</c> as days since 1970-01-01: leading whitespace, the year's digits ("24" is the year 24, "02024" is 2024),
    /// the month and the day of 1-2 digits each after the same separator ('-', '/', ' ' or '\'), then anything that does not start with a
    /// digit (DuckDB ignores it: "2024-01-15abc" and "2024-01-15 25:99" are dates); a day that does not exist is NULL. Unsure: negative
    /// years and years past 9999, "infinity", "epoch", a trailing " (BC)".
    /// </summary>
    public static TextParse TryDate(ReadOnlySpan<byte> text, out int days)
    {
        days = 0;
        var answer = ParseDate(text, out var i, out var year, out var month, out var day);
        if (answer != TextParse.Parsed)
        {
            return answer;
        }
        if (i < text.Length && IsDigit(text[i]))
        {
            return TextParse.Null;
        }
        if (!IsValidDate(year, month, day))
        {
            return TextParse.Null;
        }
        days = DaysFromCivil(year, month, day);
        return TextParse.Parsed;
    }

    /// <summary>
    /// <c>TRY_CAST(r AS TIMESTAMP)</c> as microseconds since the epoch: a date as <see cref="TryDate"/> reads it, alone (midnight; any
    /// whitespace after it makes NULL) or followed by ' ' or 'T', optional whitespace and H:MM, H:MM:SS or H:MM:SS.fraction (digits past
    /// the sixth ignored), then nothing or spaces (not tabs); "H:MM " is NULL, and so is a time past 24:00:00. Unsure: 24:00:00 (the next
    /// midnight), time zones and offsets ("Z", "+01", " UTC"), "H:" and "H:MM:".
    /// </summary>
    public static TextParse TryTimestamp(ReadOnlySpan<byte> text, out long micros)
    {
        micros = 0;
        var answer = ParseDate(text, out var i, out var year, out var month, out var day);
        if (answer != TextParse.Parsed)
        {
            return answer;
        }
        var n = text.Length;
        if (i < n && IsDigit(text[i]))
        {
            return TextParse.Null;
        }
        if (!IsValidDate(year, month, day))
        {
            return TextParse.Null;
        }
        var midnight = DaysFromCivil(year, month, day) * MicrosPerDay;
        if (i == n)
        {
            micros = midnight;
            return TextParse.Parsed;
        }
        // one ' ' or 'T', then the time's own leading whitespace
        if (text[i] is (byte)' ' or (byte)'T')
        {
            i++;
        }
        i = SkipSpaces(text, i);
        if (i == n || !IsDigit(text[i]))
        {
            return TextParse.Null;
        }
        // up to 9 digits of hours (DuckDB reads intervals with the same code); past 24:00:00 is NULL
        var hourStart = i;
        long hour = 0;
        while (i < n && IsDigit(text[i]))
        {
            if (i - hourStart == 9)
            {
                return TextParse.Null;
            }
            hour = hour * 10 + (text[i] - '0');
            i++;
        }
        if (i == n || text[i] != ':')
        {
            return TextParse.Null;
        }
        i++;
        if (i == n)
        {
            return TextParse.Unsure;
        }
        if (!TryTwoDigits(text, ref i, out var minute))
        {
            return TextParse.Null;
        }
        if (minute >= 60)
        {
            return TextParse.Null;
        }
        var second = 0;
        long fraction = 0;
        if (i < n)
        {
            if (text[i] != ':')
            {
                return TextParse.Null;
            }
            i++;
            if (i == n)
            {
                return TextParse.Unsure;
            }
            if (!TryTwoDigits(text, ref i, out second))
            {
                return TextParse.Null;
            }
            if (second >= 60)
            {
                return TextParse.Null;
            }
            if (i < n && text[i] == '.')
            {
                // digits past the sixth are dropped; none at all is 0
                i++;
                var scale = MicrosPerSecond / 10;
                while (i < n && IsDigit(text[i]))
                {
                    fraction += (text[i] - '0') * scale;
                    scale /= 10;
                    i++;
                }
            }
        }
        var time = ((hour * 60 + minute) * 60 + second) * MicrosPerSecond + fraction;
        if (time > MicrosPerDay)
        {
            return TextParse.Null;
        }
        // then spaces, or a time zone or offset (only UTC is allowed and offsets are ignored)
        while (i < n && text[i] == ' ')
        {
            i++;
        }
        if (i != n || time == MicrosPerDay)
        {
            return TextParse.Unsure;
        }
        micros = midnight + time;
        return TextParse.Parsed;
    }

    /// <summary>Whether <see cref="TryStrptime"/> knows the format.</summary>
    public static bool IsKnownStrptimeFormat(string format) => format is "%Y/%m/%d" or "%Y.%m.%d" or "%m/%d/%Y" or "%d/%m/%Y" or "%m-%d-%Y"
        or "%d-%m-%Y" or "%d.%m.%Y" or "%b %d, %Y" or "%d %b %Y" or "%d-%b-%Y" or "%Y-%m-%dT%H:%M:%S" or "%Y-%m-%d %H:%M" or "%m/%d/%Y %H:%M:%S"
        or "%d/%m/%Y %H:%M:%S" or "%m/%d/%Y %H:%M" or "%d/%m/%Y %H:%M";

    /// <summary>
    /// <c>try_strptime(trim(r), format)</c> as microseconds since the epoch, for the formats <see cref="IsKnownStrptimeFormat"/> knows:
    /// whitespace around is skipped, %Y takes 1-4 digits ("24" is the year 24), %m %d %H %M %S 1-2 digits, %b the three-letter month in any
    /// case ("January" does not match), a space in the format matches any run of whitespace, other characters match themselves; a day that
    /// does not exist is NULL. Unsure: other formats, text starting with i, e or '-' ("infinity", "epoch" and "-infinity" give 1900-01-01
    /// in DuckDB), and text with non-ASCII characters that does not parse (trim drops Unicode spaces).
    /// </summary>
    public static TextParse TryStrptime(ReadOnlySpan<byte> text, string format, out long micros)
    {
        micros = 0;
        if (!IsKnownStrptimeFormat(format))
        {
            return TextParse.Unsure;
        }
        var n = text.Length;
        var pos = SkipSpaces(text, 0);
        if (pos < n && (text[pos] >= 0x80 || Lower(text[pos]) == 'i' || Lower(text[pos]) == 'e' || text[pos] == '-'))
        {
            return TextParse.Unsure;
        }
        int year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0;
        for (var f = 0; f < format.Length; f++)
        {
            var fc = format[f];
            if (fc == ' ')
            {
                if (pos >= n || !IsSpace(text[pos]))
                {
                    return NotParsed(text);
                }
                pos = SkipSpaces(text, pos);
                while (f + 1 < format.Length && format[f + 1] == ' ')
                {
                    f++;
                }
                continue;
            }
            if (fc != '%')
            {
                if (pos >= n || text[pos] != fc)
                {
                    return NotParsed(text);
                }
                pos++;
                continue;
            }
            var specifier = format[++f];
            if (specifier == 'b')
            {
                month = pos + 3 <= n ? MonthAbbreviation(text.Slice(pos, 3)) : 0;
                if (month == 0)
                {
                    return NotParsed(text);
                }
                pos += 3;
                continue;
            }
            var width = specifier == 'Y' ? 4 : 2;
            var start = pos;
            var number = 0;
            while (pos < n && pos - start < width && IsDigit(text[pos]))
            {
                number = number * 10 + (text[pos] - '0');
                pos++;
            }
            if (pos == start)
            {
                return NotParsed(text);
            }
            var inRange = specifier switch
            {
                'Y' => true,
                'm' => number is >= 1 and <= 12,
                'd' => number is >= 1 and <= 31,
                'H' => number < 24,
                _ => number < 60,
            };
            if (!inRange)
            {
                return NotParsed(text);
            }
            switch (specifier)
            {
                case 'Y':
                    year = number;
                    break;
                case 'm':
                    month = number;
                    break;
                case 'd':
                    day = number;
                    break;
                case 'H':
                    hour = number;
                    break;
                case 'M':
                    minute = number;
                    break;
                default:
                    second = number;
                    break;
            }
        }
        if (SkipSpaces(text, pos) != n)
        {
            return NotParsed(text);
        }
        // everything was read, and all of it is ASCII
        if (!IsValidDate(year, month, day))
        {
            return TextParse.Null;
        }
        micros = DaysFromCivil(year, month, day) * MicrosPerDay + (((hour * 60L) + minute) * 60 + second) * MicrosPerSecond;
        return TextParse.Parsed;
    }

    /// <summary><c>TRY_CAST(r AS BOOLEAN)</c>: true, t, yes, y, 1 and false, f, no, n, 0 in any case and nothing else (no whitespace). Never Unsure.</summary>
    public static TextParse TryBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        value = false;
        switch (text.Length)
        {
            case 1:
                // digits compared as they are: Lower maps control characters onto them
                var c = text[0];
                if (Lower(c) == 't' || Lower(c) == 'y' || c == '1')
                {
                    value = true;
                    return TextParse.Parsed;
                }
                return Lower(c) == 'f' || Lower(c) == 'n' || c == '0' ? TextParse.Parsed : TextParse.Null;
            case 2:
                return Lower(text[0]) == 'n' && Lower(text[1]) == 'o' ? TextParse.Parsed : TextParse.Null;
            case 3:
                value = Lower(text[0]) == 'y' && Lower(text[1]) == 'e' && Lower(text[2]) == 's';
                return value ? TextParse.Parsed : TextParse.Null;
            case 4:
                value = Lower(text[0]) == 't' && Lower(text[1]) == 'r' && Lower(text[2]) == 'u' && Lower(text[3]) == 'e';
                return value ? TextParse.Parsed : TextParse.Null;
            case 5:
                return Lower(text[0]) == 'f' && Lower(text[1]) == 'a' && Lower(text[2]) == 'l' && Lower(text[3]) == 's' && Lower(text[4]) == 'e'
                    ? TextParse.Parsed
                    : TextParse.Null;
            default:
                return TextParse.Null;
        }
    }

    /// <summary>
    /// A field (its text after unquoting) of a BOOLEAN column in <c>read_csv(..., auto_detect=false, columns={...})</c>: an empty field is
    /// NULL, the rest as <see cref="TryBoolean"/>, and what that cannot read stops the read (<see cref="TextParse.Fails"/>; " true" too).
    /// </summary>
    public static TextParse ReadCsvBoolean(ReadOnlySpan<byte> field, out bool value) => InCsv(field, TryBoolean(field, out value));

    /// <summary>A field of a DOUBLE column in read_csv: empty is NULL, the rest as <see cref="TryDouble"/> (whitespace around allowed), NULL there fails the read.</summary>
    public static TextParse ReadCsvDouble(ReadOnlySpan<byte> field, out double value) => InCsv(field, TryDouble(field, out value));

    /// <summary>A field of a BIGINT column in read_csv: empty is NULL, the rest as <see cref="TryBigint"/> ("1.5" is 2), NULL there fails the read.</summary>
    public static TextParse ReadCsvBigint(ReadOnlySpan<byte> field, out long value) => InCsv(field, TryBigint(field, out value));

    /// <summary>A field of a DATE column in read_csv: empty is NULL, the rest as <see cref="TryDate"/> (trailing text ignored), NULL there fails the read.</summary>
    public static TextParse ReadCsvDate(ReadOnlySpan<byte> field, out int days) => InCsv(field, TryDate(field, out days));

    /// <summary><c>epoch(ts)</c>: a TIMESTAMP's seconds since 1970-01-01 as DuckDB computes them (microseconds as a double, divided by a million).</summary>
    public static double EpochSeconds(long micros) => micros / (double)MicrosPerSecond;

    /// <summary><c>CAST(date AS TIMESTAMP)</c> in microseconds since the epoch.</summary>
    public static long DateMicros(int days) => days * MicrosPerDay;

    /// <summary><c>epoch(CAST(date AS TIMESTAMP))</c>.</summary>
    public static double DateEpochSeconds(int days) => EpochSeconds(DateMicros(days));

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (the year 0 is 1 BC).</summary>
    public static int DaysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /// <summary>
    /// The date part DuckDB's Date::TryConvertDate reads, up to the end of the day's digits (<paramref name="end"/>): Parsed (the date may
    /// still not exist), Null or Unsure.
    /// </summary>
    private static TextParse ParseDate(ReadOnlySpan<byte> text, out int end, out int year, out int month, out int day)
    {
        year = month = day = 0;
        var n = text.Length;
        var i = SkipSpaces(text, 0);
        end = i;
        if (i == n)
        {
            return TextParse.Null;
        }
        var first = text[i];
        if (!IsDigit(first))
        {
            // '-' starts a negative year; "infinity", "-infinity" and "epoch" are dates
            return first == '-' || Lower(first) == 'i' || Lower(first) == 'e' ? TextParse.Unsure : TextParse.Null;
        }
        while (i < n && IsDigit(text[i]))
        {
            year = year * 10 + (text[i] - '0');
            if (year > 9999)
            {
                return TextParse.Unsure;
            }
            i++;
        }
        if (i == n)
        {
            return TextParse.Null;
        }
        var separator = text[i];
        if (separator is not ((byte)'-' or (byte)'/' or (byte)' ' or (byte)'\\'))
        {
            return TextParse.Null;
        }
        i++;
        if (!TryTwoDigits(text, ref i, out month) || i == n || text[i] != separator)
        {
            return TextParse.Null;
        }
        i++;
        if (!TryTwoDigits(text, ref i, out day))
        {
            return TextParse.Null;
        }
        end = i;
        // DuckDB reads a trailing " (BC)"
        return i + 1 < n && IsSpace(text[i]) && text[i + 1] == '(' ? TextParse.Unsure : TextParse.Parsed;
    }

    /// <summary>One or two digits (DuckDB's ParseDoubleDigit).</summary>
    private static bool TryTwoDigits(ReadOnlySpan<byte> text, ref int i, out int value)
    {
        value = 0;
        if (i >= text.Length || !IsDigit(text[i]))
        {
            return false;
        }
        value = text[i++] - '0';
        if (i < text.Length && IsDigit(text[i]))
        {
            value = value * 10 + (text[i++] - '0');
        }
        return true;
    }

    /// <summary>1-12 for a case-insensitive Jan..Dec, else 0.</summary>
    private static int MonthAbbreviation(ReadOnlySpan<byte> three)
    {
        var key = (Lower(three[0]) << 16) | (Lower(three[1]) << 8) | Lower(three[2]);
        return key switch
        {
            ('j' << 16) | ('a' << 8) | 'n' => 1,
            ('f' << 16) | ('e' << 8) | 'b' => 2,
            ('m' << 16) | ('a' << 8) | 'r' => 3,
            ('a' << 16) | ('p' << 8) | 'r' => 4,
            ('m' << 16) | ('a' << 8) | 'y' => 5,
            ('j' << 16) | ('u' << 8) | 'n' => 6,
            ('j' << 16) | ('u' << 8) | 'l' => 7,
            ('a' << 16) | ('u' << 8) | 'g' => 8,
            ('s' << 16) | ('e' << 8) | 'p' => 9,
            ('o' << 16) | ('c' << 8) | 't' => 10,
            ('n' << 16) | ('o' << 8) | 'v' => 11,
            ('d' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
    }

    /// <summary>A strptime text that does not match: NULL, unless it has non-ASCII characters (trim removes Unicode spaces such as U+00A0 around it).</summary>
    private static TextParse NotParsed(ReadOnlySpan<byte> text) =>
        text.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0 ? TextParse.Unsure : TextParse.Null;

    private static TextParse InCsv(ReadOnlySpan<byte> field, TextParse cast) => field.IsEmpty
        ? TextParse.Null
        : cast == TextParse.Null ? TextParse.Fails : cast;

    private static TextParse Signed(ulong magnitude, bool negative, out long value)
    {
        value = negative ? (long)(0UL - magnitude) : (long)magnitude;
        return TextParse.Parsed;
    }

    private static bool IsValidDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= (month == 2 && IsLeapYear(year) ? 29 : _daysInMonth[month - 1]);

    private static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static int SkipSpaces(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    private static bool IsSpace(byte c) => c == ' ' || (c >= '\t' && c <= '\r');

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    private static int Lower(byte c) => c | 0x20;
}
