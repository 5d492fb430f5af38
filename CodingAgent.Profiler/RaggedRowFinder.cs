namespace CodingAgent.Profiler;

/// <summary>
/// Counts the fields of the first records of a UTF-8 delimited file (quotes respected) to say which line breaks the
/// shape when DuckDB's sniffer cannot find one: the first line with more fields than the header, else the first with fewer.
/// </summary>
internal static class RaggedRowFinder
{
    public const int ScanBytes = 8 * 1024 * 1024;

    /// <returns>
    /// The header's field count, the first line with more fields, the first with fewer (null: none in the scanned
    /// part), and the line of a quote still open where the file ends (null: none, or the file is longer than the scan).
    /// </returns>
    public static async Task<(int Expected, RaggedRow? Longer, RaggedRow? Shorter, long? OpenQuote)> FindAsync(string path, char delimiter, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[ScanBytes];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        var expected = -1;
        RaggedRow? longer = null;
        RaggedRow? shorter = null;
        var fields = 1;
        var line = 1L;
        var recordLine = 1L;
        var quoted = false;
        var empty = true;
        var quoteLine = 0L;
        for (var i = 0; i < length && longer is null; i++)
        {
            var c = buffer[i];
            if (quoted)
            {
                if (c == '"')
                {
                    quoted = i + 1 < length && buffer[i + 1] == '"' ? SkipNext(ref i) : false;
                }
                else if (c == '\n')
                {
                    line++;
                }
                continue;
            }
            if (c == '"')
            {
                quoted = true;
                quoteLine = line;
                empty = false;
            }
            else if (c == delimiter)
            {
                fields++;
                empty = false;
            }
            else if (c == '\n')
            {
                Finish(recordLine, fields, empty, ref expected, ref longer, ref shorter);
                line++;
                recordLine = line;
                fields = 1;
                empty = true;
            }
            else if (c != '\r')
            {
                empty = false;
            }
        }
        if (length < ScanBytes && longer is null)
        {
            Finish(recordLine, fields, empty, ref expected, ref longer, ref shorter);
        }
        return (expected, longer, shorter, quoted && length < ScanBytes ? quoteLine : null);
    }

    private static bool SkipNext(ref int i)
    {
        i++;
        return true;
    }

    private static void Finish(long line, int fields, bool empty, ref int expected, ref RaggedRow? longer, ref RaggedRow? shorter)
    {
        if (empty)
        {
            return;
        }
        if (expected < 0)
        {
            expected = fields;
        }
        else if (fields > expected)
        {
            longer ??= new RaggedRow(line, fields, expected);
        }
        else if (fields < expected)
        {
            shorter ??= new RaggedRow(line, fields, expected);
        }
    }
}
