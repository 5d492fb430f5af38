namespace CodingAgent.Profiler;

/// <summary>
/// A guess at what DuckDB's sniffer will say of a plain CSV (the separator and <c>"</c> quoting given): whether line 1
/// is a header, and each column's type among those the memory reader reads (BIGINT, DOUBLE, BOOLEAN, DATE written
/// <c>YYYY-MM-DD</c>, VARCHAR), from the first rows. The read into memory starts from the guess while the sniffer runs;
/// only the sniffer's own answer, when it is the same, lets what was read from the guess stand
/// (<see cref="CsvSource"/>). A wrong guess costs time, never a different profile.
/// </summary>
internal static class SnifferGuess
{
    /// <summary>The rows the guess reads: DuckDB's sniffer samples as many.</summary>
    public const int SampleRows = 20_480;

    /// <summary>
    /// Whether line 1 is a header and the plan of a read of the rest; null when the first rows are not plainly read
    /// (a ragged row, a carriage return alone, a quote left open, fewer than two lines).
    /// </summary>
    /// <param name="start">Where line 1 starts (after a byte order mark).</param>
    public static (bool Header, MemoryReadPlan Plan)? Guess(ReadOnlySpan<byte> data, int start, byte delimiter) => Guess(data, start, delimiter, whole: true, out _);

    /// <summary>
    /// The guess from the file's whole bytes (<paramref name="whole"/>) or from its head alone while the rest is read
    /// (read up to its last line's end): a head that ends before the rows the guess reads, or whose rows are not plainly
    /// read (a quoted field may go on past the cut), gives no guess and <paramref name="needsMore"/>, and the guess is
    /// made again from the whole file. A head that holds the rows gives the whole file's guess (the rest is not read).
    /// </summary>
    public static (bool Header, MemoryReadPlan Plan)? Guess(ReadOnlySpan<byte> data, int start, byte delimiter, bool whole, out bool needsMore)
    {
        needsMore = false;
        if (!whole)
        {
            data = data[..(data.LastIndexOf((byte)'\n') + 1)];
            if (data.Length <= start)
            {
                needsMore = true;
                return null;
            }
        }
        var at = start;
        var stops = new FieldStops(data, delimiter, quotes: false);
        List<Range> header = [];
        if (!NextRow(data, ref at, delimiter, header, ref stops))
        {
            needsMore = !whole;
            return null;
        }
        var kinds = new Kind[header.Count];
        var fields = new List<Range>(header.Count);
        var rows = 0;
        while (rows < SampleRows && at < data.Length)
        {
            fields.Clear();
            if (!NextRow(data, ref at, delimiter, fields, ref stops) || fields.Count != kinds.Length)
            {
                needsMore = !whole;
                return null;
            }
            for (var c = 0; c < kinds.Length; c++)
            {
                if (kinds[c] != Kind.Varchar)
                {
                    kinds[c] = Widen(kinds[c], Of(Field(data, fields[c])));
                }
            }
            rows++;
        }
        if (!whole && rows < SampleRows)
        {
            needsMore = true;
            return null;
        }
        if (rows == 0)
        {
            return null;
        }
        // line 1 is a header when one of its fields does not read as its column's type, and over columns of text only
        var typed = false;
        var isHeader = false;
        for (var c = 0; c < kinds.Length; c++)
        {
            var first = Of(Field(data, header[c]));
            if (kinds[c] is Kind.Varchar or Kind.None)
            {
                continue;
            }
            typed = true;
            if (first != Kind.None && Widen(kinds[c], first) != kinds[c])
            {
                isHeader = true;
            }
        }
        if (!typed)
        {
            isHeader = true;
        }
        else if (!isHeader)
        {
            // line 1 is data: its values count as well
            for (var c = 0; c < kinds.Length; c++)
            {
                kinds[c] = Widen(kinds[c], Of(Field(data, header[c])));
            }
        }
        var types = kinds.Select(Name).ToList();
        return (isHeader, new MemoryReadPlan(types, Escapes: true, StrictIsoDates: kinds.Contains(Kind.Date)));
    }

    private enum Kind
    {
        /// <summary>No value yet (empty fields only).</summary>
        None,
        Boolean,
        Bigint,
        Double,
        Date,
        Varchar,
    }

    private static string Name(Kind kind) => kind switch
    {
        Kind.Boolean => "BOOLEAN",
        Kind.Bigint => "BIGINT",
        Kind.Double => "DOUBLE",
        Kind.Date => "DATE",
        _ => "VARCHAR",
    };

    /// <summary>The narrowest type that holds a column's values so far and one more value of <paramref name="value"/>'s kind.</summary>
    private static Kind Widen(Kind column, Kind value) => (column, value) switch
    {
        (_, Kind.None) => column,
        (Kind.None, _) => value,
        _ when column == value => column,
        (Kind.Bigint, Kind.Double) or (Kind.Double, Kind.Bigint) => Kind.Double,
        _ => Kind.Varchar,
    };

    /// <summary>The narrowest type a field reads as (its text after unquoting).</summary>
    private static Kind Of(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return Kind.None;
        }
        // an integer as the sniffer takes one: digits (after a minus), no leading zero, spaces around allowed
        var trimmed = field.Trim((byte)' ');
        var digits = trimmed.Length > 0 && trimmed[0] != (byte)'+';
        var first = trimmed.Length > 0 && trimmed[0] == (byte)'-' ? 1 : 0;
        digits &= trimmed.Length > first && (trimmed[first] != (byte)'0' || trimmed.Length == first + 1);
        for (var i = first; digits && i < trimmed.Length; i++)
        {
            digits = trimmed[i] is >= (byte)'0' and <= (byte)'9';
        }
        if (digits && DuckDbTextParsers.ReadCsvBigint(field, out _) == TextParse.Parsed)
        {
            return Kind.Bigint;
        }
        if (trimmed.Length > 0 && (trimmed[0] == (byte)'0' && trimmed.Length > 1 && trimmed[1] != (byte)'.' || trimmed[0] == (byte)'+'))
        {
            // "007", "+5": text to the sniffer
            return Kind.Varchar;
        }
        if (DuckDbTextParsers.ReadCsvDouble(field, out _) == TextParse.Parsed)
        {
            return Kind.Double;
        }
        if ((field.Length > 1 || (field[0] | 0x20) is (byte)'t' or (byte)'f') && DuckDbTextParsers.ReadCsvBoolean(field, out _) == TextParse.Parsed)
        {
            return Kind.Boolean;
        }
        if (field.Length == 10 && field[4] == (byte)'-' && field[7] == (byte)'-' && DuckDbTextParsers.ReadCsvDate(field, out _) == TextParse.Parsed)
        {
            return Kind.Date;
        }
        return Kind.Varchar;
    }

    /// <summary>A field's text: inside its quotes when quoted (a quote written twice inside stays two: such text is no number anyway).</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> data, Range field)
    {
        var text = data[field];
        return text.Length >= 2 && text[0] == (byte)'"' ? text[1..^1] : text;
    }

    /// <summary>The fields of the line at <paramref name="at"/> (moved past it); false when it is not plainly read.</summary>
    private static bool NextRow(ReadOnlySpan<byte> data, ref int at, byte delimiter, List<Range> fields, ref FieldStops stops)
    {
        var start = at;
        var i = at;
        while (true)
        {
            if (i < data.Length && data[i] == (byte)'"')
            {
                // a quoted field: up to its closing quote (a quote written twice stays inside)
                i++;
                while (true)
                {
                    var quote = data[i..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        return false;
                    }
                    i += quote + 1;
                    if (i < data.Length && data[i] == (byte)'"')
                    {
                        i++;
                        continue;
                    }
                    break;
                }
                if (i < data.Length && data[i] != delimiter && data[i] != (byte)'\n' && data[i] != (byte)'\r')
                {
                    return false;
                }
            }
            else
            {
                i = stops.Next(i, data.Length);
            }
            var fieldEnd = i;
            if (i >= data.Length)
            {
                fields.Add(start..fieldEnd);
                at = data.Length;
                return true;
            }
            if (data[i] == delimiter)
            {
                fields.Add(start..fieldEnd);
                start = ++i;
                continue;
            }
            if (data[i] == (byte)'\r')
            {
                if (i + 1 >= data.Length || data[i + 1] != (byte)'\n')
                {
                    return false;
                }
                i++;
            }
            fields.Add(start..fieldEnd);
            at = i + 1;
            return true;
        }
    }
}
