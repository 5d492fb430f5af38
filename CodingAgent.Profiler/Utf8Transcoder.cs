using System.Text;

namespace CodingAgent.Profiler;

/// <summary>Rewrites a text file in another encoding as UTF-8 (no BOM) in the scratch folder, streaming, for DuckDB's reader.</summary>
internal static class Utf8Transcoder
{
    private const int BufferChars = 1 << 20;

    public static Encoding EncodingOf(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return name switch
        {
            EncodingSniffer.Utf16 => Encoding.Unicode,
            EncodingSniffer.Cp1252 => Encoding.GetEncoding(1252),
            EncodingSniffer.Latin1 => Encoding.Latin1,
            _ => new UTF8Encoding(false),
        };
    }

    public static async Task TranscodeAsync(string source, string encoding, string target, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source, EncodingOf(encoding), detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        await using var writer = new StreamWriter(target, new UTF8Encoding(false), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 1 << 16 });
        var buffer = new char[BufferChars];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
