using System.Text;

namespace CodingAgent.Profiler;

/// <summary>
/// A delimited file with more columns than are profiled is cut to its first <see cref="ProfileLimits.MaxProfiledColumns"/>
/// columns in the scratch folder before DuckDB reads it (DuckDB needs memory per column, and 20,000 columns do not fit),
/// streaming and quote-aware; duplicate rows are counted here over whole records (a 64-bit hash of each).
/// </summary>
internal static class WideCsvNarrower
{
    /// <returns>The names of the columns left out, and the records equal to an earlier one.</returns>
    public static async Task<(IReadOnlyList<string> Omitted, long DuplicateRows)> NarrowAsync(string source, string target, char delimiter, CancellationToken cancellationToken)
    {
        var keep = Core.Profiling.ProfileLimits.MaxProfiledColumns;
        using var reader = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        await using var writer = new StreamWriter(target, new UTF8Encoding(false), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 });
        var seen = new HashSet<ulong>();
        var omitted = new List<string>();
        var field = new StringBuilder();
        var buffer = new char[1 << 16];
        var (fields, quoted, header, empty, duplicates) = (0, false, true, true, 0L);
        var hash = FnvOffset;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (!quoted && (c == '\n' || c == delimiter))
                {
                    EndField();
                    if (c == '\n')
                    {
                        if (!empty)
                        {
                            await writer.WriteAsync('\n');
                            duplicates += header || seen.Add(hash) ? 0 : 1;
                        }
                        (fields, header, empty, hash) = (0, header && empty, true, FnvOffset);
                    }
                    continue;
                }
                if (c == '"')
                {
                    quoted = !quoted;
                }
                if (c != '\r' || quoted)
                {
                    hash = (hash ^ c) * FnvPrime;
                    empty = false;
                    if (fields < keep || header)
                    {
                        field.Append(c);
                    }
                }
            }
            await writer.FlushAsync(cancellationToken);
        }
        if (!empty)
        {
            EndField();
            duplicates += header || seen.Add(hash) ? 0 : 1;
        }
        return (omitted, duplicates);

        void EndField()
        {
            if (fields < keep)
            {
                if (fields > 0)
                {
                    writer.Write(delimiter);
                }
                writer.Write(field);
            }
            else if (header && !empty)
            {
                omitted.Add(Unquote(field.ToString()));
            }
            hash = (hash ^ 0x1F) * FnvPrime;
            field.Clear();
            fields++;
        }
    }

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private static string Unquote(string field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;

    /// <summary>The number of fields in the first record (quotes respected).</summary>
    public static int CountFields(string line, char delimiter)
    {
        var (count, quoted) = (1, false);
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                count++;
            }
        }
        return count;
    }
}
