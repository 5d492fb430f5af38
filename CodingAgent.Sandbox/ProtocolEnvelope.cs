using System.Text.Json;

namespace CodingAgent.Sandbox;

/// <summary>
/// The type of a protocol message and whether it belongs to the running execution (or the pending inspection), read from the raw line without
/// parsing (or allocating) the rest of it: the host decides what a line costs before it spends anything on it.
/// </summary>
internal readonly record struct ProtocolEnvelope(ProtocolMessageType Type, bool IsForExecution)
{
    /// <summary>The envelope of a line, or null when the line is not a JSON object.</summary>
    public static ProtocolEnvelope? Read(ReadOnlySpan<byte> line, byte[]? executionId)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var type = ProtocolMessageType.Unknown;
            bool? matches = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (type == ProtocolMessageType.Unknown || matches is null))
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = TypeOf(ref reader);
                }
                else if (isId && reader.TokenType == JsonTokenType.String)
                {
                    matches = executionId is not null && reader.ValueTextEquals(executionId);
                }
                else
                {
                    reader.Skip();
                }
            }
            return new ProtocolEnvelope(type, matches == true);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProtocolMessageType TypeOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("stream"u8) ? ProtocolMessageType.Stream
        : reader.ValueTextEquals("artifact"u8) ? ProtocolMessageType.Artifact
        : reader.ValueTextEquals("result"u8) ? ProtocolMessageType.Result
        : reader.ValueTextEquals("ready"u8) ? ProtocolMessageType.Ready
        : reader.ValueTextEquals("variables"u8) ? ProtocolMessageType.Variables
        : ProtocolMessageType.Unknown;
}
