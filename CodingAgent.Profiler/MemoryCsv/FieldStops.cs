using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CodingAgent.Profiler;

/// <summary>
/// Where the unquoted fields of CSV bytes end: the next separator, line end (<c>\n</c>, <c>\r</c>) or, when asked, quote
/// at or after a position, found in a mask of those bytes among 64 at once and kept for the fields after (a field is a
/// few bytes: a search of its own for each would cost more than the field).
/// </summary>
internal ref struct FieldStops
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly byte _delimiter;
    private readonly byte _quote;

    /// <summary>The stops among the 64 bytes from <see cref="_block"/>: bit k for the byte at <c>_block + k</c>.</summary>
    private ulong _mask;
    private int _block;

    /// <summary>The widest vectors the masks are made with: 256 or 128 bits where the processor has them, else 0 (byte by byte).</summary>
    private readonly int _vectorBits;

    /// <param name="quotes">Whether a quote stops a field too (else it is read as part of it).</param>
    /// <param name="vectorBits">The widest vectors to use (tests narrow it); by default what the processor has.</param>
    public FieldStops(ReadOnlySpan<byte> data, byte delimiter, bool quotes, int vectorBits = 256)
    {
        _data = data;
        _delimiter = delimiter;
        // (without quotes, the line feed stands in for the quote: the same stops)
        _quote = quotes ? (byte)'"' : (byte)'\n';
        _block = -64;
        _vectorBits = vectorBits >= 256 && Vector256.IsHardwareAccelerated ? 256 : vectorBits >= 128 && Vector128.IsHardwareAccelerated ? 128 : 0;
    }

    /// <summary>The first stop at or after <paramref name="i"/>, or <paramref name="end"/> when there is none before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int i, int end)
    {
        while (true)
        {
            var offset = i - _block;
            if ((uint)offset < 64)
            {
                var bits = _mask >> offset;
                if (bits != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(bits);
                    return at < end ? at : end;
                }
                i = _block + 64;
                if (i >= end)
                {
                    return end;
                }
            }
            Mask(i);
        }
    }

    /// <summary>The stops among the 64 bytes from <paramref name="start"/> (fewer at the data's end).</summary>
    private void Mask(int start)
    {
        _block = start;
        var data = _data;
        if (start + 64 <= data.Length && _vectorBits == 256)
        {
            var low = Vector256.Create(data.Slice(start, 32));
            var high = Vector256.Create(data.Slice(start + 32, 32));
            _mask = Stops(low) | ((ulong)Stops(high) << 32);
            return;
        }
        if (start + 64 <= data.Length && _vectorBits == 128)
        {
            // (Arm64's NEON, or x64 without AVX2)
            _mask = Stops(Vector128.Create(data.Slice(start, 16))) | ((ulong)Stops(Vector128.Create(data.Slice(start + 16, 16))) << 16)
                | ((ulong)Stops(Vector128.Create(data.Slice(start + 32, 16))) << 32) | ((ulong)Stops(Vector128.Create(data.Slice(start + 48, 16))) << 48);
            return;
        }
        ulong mask = 0;
        for (var k = 0; k < 64 && start + k < data.Length; k++)
        {
            var b = data[start + k];
            if (b == _delimiter || b == (byte)'\n' || b == (byte)'\r' || b == _quote)
            {
                mask |= 1UL << k;
            }
        }
        _mask = mask;
    }

    private readonly uint Stops(Vector256<byte> bytes) =>
        (Vector256.Equals(bytes, Vector256.Create(_delimiter)) | Vector256.Equals(bytes, Vector256.Create((byte)'\n'))
        | Vector256.Equals(bytes, Vector256.Create((byte)'\r')) | Vector256.Equals(bytes, Vector256.Create(_quote))).ExtractMostSignificantBits();

    private readonly uint Stops(Vector128<byte> bytes) =>
        (Vector128.Equals(bytes, Vector128.Create(_delimiter)) | Vector128.Equals(bytes, Vector128.Create((byte)'\n'))
        | Vector128.Equals(bytes, Vector128.Create((byte)'\r')) | Vector128.Equals(bytes, Vector128.Create(_quote))).ExtractMostSignificantBits();
}
