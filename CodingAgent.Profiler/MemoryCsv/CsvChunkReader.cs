namespace CodingAgent.Profiler;

/// <summary>
/// Reads a UTF-8 CSV file in chunks of about the same size, each ended after a row (at a newline outside quotes), so
/// that a file larger than the memory is read into memory one chunk at a time (<see cref="ChunkedCsvProfiler"/>).
/// </summary>
internal sealed class CsvChunkReader(string path, int chunkBytes) : IDisposable
{
    private readonly FileStream _stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous);
    private byte[] _carry = [];


    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// The next chunk: its bytes are the array's first <c>Length</c> (the array is the chunk's own); null at the end of
    /// the file. Throws <see cref="InvalidDataException"/> when a chunk holds no row's end (a row longer than a chunk,
    /// or a quote left open) or bytes that are not UTF-8.
    /// </summary>
    public async Task<(byte[] Data, int Length)?> NextAsync(CancellationToken cancellationToken)
    {
        var data = GC.AllocateUninitializedArray<byte>(_carry.Length + chunkBytes);
        _carry.CopyTo(data, 0);
        var filled = _carry.Length;
        int read;
        while (filled < data.Length && (read = await _stream.ReadAsync(data.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }
        _carry = [];
        if (filled == 0)
        {
            return null;
        }
        var length = filled;
        if (filled == data.Length)
        {
            length = LastRowEnd(data.AsSpan(0, filled));
            if (length <= 0)
            {
                throw new InvalidDataException("A chunk of the file holds no end of a row.");
            }
            _carry = data.AsSpan(length, filled - length).ToArray();
        }
        if (!System.Text.Unicode.Utf8.IsValid(data.AsSpan(0, length)))
        {
            throw new InvalidDataException("The file is not UTF-8.");
        }
        return (data, length);
    }

    /// <summary>Where the last row that ends in <paramref name="data"/> ends (after its newline, outside quotes); 0 when none does.</summary>
    internal static int LastRowEnd(ReadOnlySpan<byte> data)
    {
        // the quotes before a newline are even in number when it is outside quotes (a doubled quote counts twice)
        var quotes = data.Count((byte)'"');
        var end = data.Length;
        while (true)
        {
            var newline = data[..end].LastIndexOf((byte)'\n');
            if (newline < 0)
            {
                return 0;
            }
            quotes -= data[(newline + 1)..end].Count((byte)'"');
            if (quotes % 2 == 0)
            {
                return newline + 1;
            }
            end = newline;
        }
    }
}
