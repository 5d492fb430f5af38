namespace CodingAgent.Profiler;

/// <summary>
/// The rows of one stretch of a CSV file's bytes (from a line's start to a line's start), split into fields and each
/// field stored as its column's DuckDB type would read it: what <c>read_csv</c> with the sniffed dialect and column
/// types loads, or a reason why this reader cannot be sure it reads the same (then DuckDB loads the file).
/// </summary>
internal sealed class CsvChunk
{
    private const byte Quote = (byte)'"';
    private const byte NewLine = (byte)'\n';
    private const byte Return = (byte)'\r';

    private readonly byte[] _data;
    private readonly byte _delimiter;
    private readonly bool _escapes;
    private readonly bool _strictIsoDates;

    private byte[] _arena = [];

    private readonly int _offset;
    private readonly int _capacity;

    private CsvChunk(byte[] data, byte delimiter, MemoryReadPlan plan, MemoryColumn[] columns, int offset, int capacity)
    {
        _data = data;
        _delimiter = delimiter;
        _escapes = plan.Escapes;
        _strictIsoDates = plan.StrictIsoDates;
        Columns = columns;
        _offset = offset;
        _capacity = capacity;
    }

    /// <summary>The table's columns: this chunk's rows are at <c>offset</c> and after (text as spans, some of them in <see cref="Arena"/>).</summary>
    public MemoryColumn[] Columns { get; }

    /// <summary>The text of fields with quotes inside quotes, unescaped (the first <see cref="ArenaLength"/> bytes).</summary>
    public byte[] Arena => _arena;

    public int ArenaLength { get; private set; }

    public int Rows { get; private set; }

    /// <summary>Why the chunk could not be read as DuckDB would read it; null when it was.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// When the failure is a field that read_csv, with its column so typed, stops on with a conversion error (<see
    /// cref="TextParse.Fails"/>): the column's index (DuckDB's load then reads that column as text).
    /// </summary>
    public int? FailsColumn { get; private set; }

    /// <param name="plan">Whether a quote inside a quoted field is written twice, and how dates are written.</param>
    /// <param name="columns">The table's columns, with room for <paramref name="capacity"/> rows from <paramref name="offset"/> (the lines of the stretch: at least its rows).</param>
    public static CsvChunk Read(byte[] data, int start, int end, byte delimiter, MemoryReadPlan plan, MemoryColumn[] columns, int offset, int capacity, CancellationToken cancellationToken)
    {
        var chunk = new CsvChunk(data, delimiter, plan, columns, offset, capacity);
        chunk.Failure = chunk.ReadRows(start, end, cancellationToken);
        return chunk;
    }

    private string? ReadRows(int start, int end, CancellationToken cancellationToken)
    {
        var data = _data;
        var columns = Columns;
        var last = columns.Length - 1;
        var i = start;
        var row = _offset;
        var limit = _offset + _capacity;
        var column = 0;
        var stops = new FieldStops(data, _delimiter, quotes: true);
        while (i < end)
        {
            if (column == 0)
            {
                if (row == limit)
                {
                    return "more rows than lines";
                }
                if ((row & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            int next;
            string? failure;
            if (data[i] == Quote)
            {
                var close = i + 1;
                var escaped = false;
                while (true)
                {
                    var q = data.AsSpan(close, end - close).IndexOf(Quote);
                    if (q < 0)
                    {
                        return "a quoted field is not closed";
                    }
                    close += q;
                    if (close + 1 < end && data[close + 1] == Quote)
                    {
                        if (!_escapes)
                        {
                            return "a quote inside a quoted field";
                        }
                        escaped = true;
                        close += 2;
                        continue;
                    }
                    break;
                }
                next = close + 1;
                if (next < end && data[next] == Return && next + 1 < end && data[next + 1] == NewLine)
                {
                    next++;
                }
                if (next < end && data[next] != _delimiter && data[next] != NewLine)
                {
                    return "text after a closing quote";
                }
                failure = escaped ? StoreUnescaped(columns[column], row, i + 1, close) : Store(columns[column], row, i + 1, close);
            }
            else
            {
                var fieldEnd = stops.Next(i, end);
                next = fieldEnd;
                if (fieldEnd < end && data[fieldEnd] == Quote)
                {
                    return "a quote inside an unquoted field";
                }
                if (fieldEnd < end && data[fieldEnd] == Return)
                {
                    // a line's end (\r\n, or \r ending the file); a carriage return alone inside a line is not read here
                    if (fieldEnd + 1 < end && data[fieldEnd + 1] != NewLine)
                    {
                        return "a carriage return inside a field";
                    }
                    next = fieldEnd + 1;
                }
                failure = Store(columns[column], row, i, fieldEnd);
            }
            if (failure is not null)
            {
                return failure;
            }
            if (next < end && data[next] == _delimiter)
            {
                if (++column > last)
                {
                    return "a row with more fields than the header";
                }
                i = next + 1;
                if (i == end)
                {
                    // a separator ends the file: its last field is empty
                    failure = Store(columns[column], row, i, i);
                    if (failure is not null)
                    {
                        return failure;
                    }
                    if (column != last)
                    {
                        return "a row with fewer fields than the header";
                    }
                    row++;
                    column = 0;
                }
                continue;
            }
            if (column != last)
            {
                return "a row with fewer fields than the header (or a blank line)";
            }
            column = 0;
            row++;
            i = next + 1;
        }
        Rows = row - _offset;
        return null;
    }

    /// <summary>Exactly YYYY-MM-DD (digits and dashes): where DuckDB's strptime('%Y-%m-%d') and its cast to DATE agree.</summary>
    private static bool IsoDate(ReadOnlySpan<byte> field) =>
        field.Length == 10 && field[4] == (byte)'-' && field[7] == (byte)'-'
        && char.IsAsciiDigit((char)field[0]) && char.IsAsciiDigit((char)field[1]) && char.IsAsciiDigit((char)field[2]) && char.IsAsciiDigit((char)field[3])
        && char.IsAsciiDigit((char)field[5]) && char.IsAsciiDigit((char)field[6]) && char.IsAsciiDigit((char)field[8]) && char.IsAsciiDigit((char)field[9]);

    private string? StoreUnescaped(MemoryColumn column, int row, int start, int end)
    {
        if (column.Storage != MemoryStorage.Text)
        {
            return "a quote inside a quoted typed field";
        }
        if (ArenaLength + (end - start) > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, Math.Max(ArenaLength + end - start, 4096)));
        }
        var at = ArenaLength;
        for (var i = start; i < end; i++)
        {
            _arena[ArenaLength++] = _data[i];
            if (_data[i] == Quote)
            {
                i++;
            }
        }
        column.Spans![row] = MemoryColumn.Span(~at, ArenaLength - at);
        return null;
    }

    private string? Store(MemoryColumn column, int row, int start, int end)
    {
        var field = _data.AsSpan(start, end - start);
        switch (column.Storage)
        {
            case MemoryStorage.Text:
                // an empty field is NULL, quoted or not (read_csv's allow_quoted_nulls)
                column.Spans![row] = field.IsEmpty ? MemoryColumn.NullSpan : MemoryColumn.Span(start, end - start);
                return null;
            case MemoryStorage.Bigint:
                if (field.IsEmpty)
                {
                    column.Longs![row] = MemoryColumn.NullLong;
                    return null;
                }
                if (DuckDbTextParsers.ReadCsvBigint(field, out var integer) is var bigint && (bigint != TextParse.Parsed || integer == MemoryColumn.NullLong))
                {
                    return Failed(column, bigint, "a BIGINT field this reader does not read as DuckDB would");
                }
                column.Longs![row] = integer;
                return null;
            case MemoryStorage.Double:
                if (field.IsEmpty)
                {
                    column.Doubles![row] = double.NaN;
                    return null;
                }
                // (NaN stands for NULL; how DuckDB groups and writes -0 and infinities is not settled here)
                if (DuckDbTextParsers.ReadCsvDouble(field, out var number) is var real && (real != TextParse.Parsed || !double.IsFinite(number) || (number == 0 && double.IsNegative(number))))
                {
                    return Failed(column, real, "a DOUBLE field this reader does not read as DuckDB would");
                }
                column.Doubles![row] = number;
                return null;
            case MemoryStorage.Date:
                if (field.IsEmpty)
                {
                    column.Ints![row] = int.MinValue;
                    return null;
                }
                var iso = !_strictIsoDates || IsoDate(field);
                var date = DuckDbTextParsers.ReadCsvDate(field, out var days);
                if (!iso || date != TextParse.Parsed)
                {
                    // (a date not written as the sniffed format says: what DuckDB does with it is not settled here)
                    return Failed(column, iso ? date : TextParse.Unsure, "a DATE field this reader does not read as DuckDB would");
                }
                column.Ints![row] = days;
                return null;
            default:
                if (field.IsEmpty)
                {
                    column.Ints![row] = -1;
                    return null;
                }
                if (DuckDbTextParsers.ReadCsvBoolean(field, out var flag) is var boolean && boolean != TextParse.Parsed)
                {
                    return Failed(column, boolean, "a BOOLEAN field this reader does not read as DuckDB would");
                }
                column.Ints![row] = flag ? 1 : 0;
                return null;
        }
    }

    /// <summary>The failure of a typed field, noting its column when read_csv stops on it with a conversion error.</summary>
    private string Failed(MemoryColumn column, TextParse parse, string failure)
    {
        if (parse == TextParse.Fails)
        {
            FailsColumn = Array.IndexOf(Columns, column);
        }
        return failure;
    }
}
