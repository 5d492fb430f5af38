using System.Text.Json;
using System.Text.Unicode;

namespace CodingAgent.Sandbox;

/// <summary>
/// An artifact message of the kernel, read from its raw line when the execution's result is built. Chart and table
/// data stay the JSON bytes the kernel sent (checked to be well-formed UTF-8 JSON), never a parsed tree.
/// </summary>
internal sealed record ArtifactMessage(string Kind, string? Name, string? MediaType, string? Path, byte[]? Base64Content, ReadOnlyMemory<byte> Data)
{
    /// <summary>A table's whole rows (<c>rows</c>, base64 of gzip; see <see cref="KernelArtifact.Rows"/>), or null.</summary>
    public byte[]? Rows { get; init; }

    /// <summary>The string properties read, in this order.</summary>
    private static readonly byte[][] _textProperties = ["kind"u8.ToArray(), "name"u8.ToArray(), "mediaType"u8.ToArray(), "path"u8.ToArray()];

    /// <exception cref="FormatException">The line is not a well-formed artifact message.</exception>
    public static ArtifactMessage Parse(byte[] line)
    {
        var text = new string?[_textProperties.Length];
        byte[]? content = null;
        byte[]? rows = null;
        ReadOnlyMemory<byte> data = default;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("an artifact message is not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var textIndex = _textProperties.Length - 1;
                while (textIndex >= 0 && !reader.ValueTextEquals(_textProperties[textIndex]))
                {
                    textIndex--;
                }
                var isBase64 = reader.ValueTextEquals("base64"u8);
                var isData = reader.ValueTextEquals("data"u8);
                var isRows = reader.ValueTextEquals("rows"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && textIndex >= 0)
                {
                    text[textIndex] = reader.GetString();
                }
                else if (reader.TokenType == JsonTokenType.String && isBase64)
                {
                    content = reader.GetBytesFromBase64();
                }
                else if (reader.TokenType == JsonTokenType.String && isRows)
                {
                    rows = reader.GetBytesFromBase64();
                }
                else if (isData && reader.TokenType != JsonTokenType.Null)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = line.AsMemory(start, (int)reader.BytesConsumed - start);
                }
                else
                {
                    reader.Skip();
                }
            }
            reader.Read();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException("an artifact message is not well-formed JSON", ex);
        }
        if (!Utf8.IsValid(data.Span))
        {
            throw new FormatException("an artifact's data is not valid UTF-8");
        }
        return new ArtifactMessage(text[0] ?? "", text[1], text[2], text[3], content, data) { Rows = rows };
    }
}
