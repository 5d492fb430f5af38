using System.Buffers;
using System.IO.Pipelines;

namespace CodingAgent.Sandbox;

/// <summary>
/// Reads newline-terminated lines with a hard cap, so a kernel cannot make the host buffer without bound. Lines stay
/// bytes (UTF-8 JSON): decoding them to strings would double what a large artifact costs.
/// </summary>
internal sealed class ProtocolLineReader(Stream stream, long maxLineBytes)
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65536));

    /// <summary>The next line without its newline, or null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">A line is longer than the cap.</exception>
    public async Task<byte[]?> ReadLineAsync()
    {
        while (true)
        {
            var result = await _reader.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = buffer.Slice(0, end).ToArray();
                _reader.AdvanceTo(buffer.GetPosition(1, end));
                return line;
            }
            if (buffer.Length > maxLineBytes)
            {
                throw new InvalidDataException($"The kernel sent a message longer than {maxLineBytes / (1024 * 1024)} MB.");
            }
            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                return null;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
