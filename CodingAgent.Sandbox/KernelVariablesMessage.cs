using System.Text.Json.Nodes;
using CodingAgent.Core.Ports;

namespace CodingAgent.Sandbox;

/// <summary>
/// Reads a kernel's <c>variables</c> message. Code in the sandbox can write any such message, so everything is
/// bounded here again: how many items, how long a name or type, how many dimensions; what does not fit the shape is dropped.
/// </summary>
internal static class KernelVariablesMessage
{
    public const int MaxItems = 200;
    public const int MaxText = 100;
    public const int MaxDimensions = 4;

    /// <summary>The largest variables line read; the kernel's own are a few tens of kilobytes at most.</summary>
    public const int MaxLineBytes = 256 * 1024;

    public static KernelVariables Parse(JsonObject message)
    {
        var items = new List<KernelVariable>();
        var truncated = message["truncated"] is JsonValue t && t.TryGetValue<bool>(out var isTruncated) && isTruncated;
        if (message["items"] is JsonArray array)
        {
            foreach (var node in array)
            {
                if (items.Count == MaxItems)
                {
                    truncated = true;
                    break;
                }
                if (node is JsonObject item && Text(item["name"]) is { Length: > 0 } name && Text(item["type"]) is { Length: > 0 } type)
                {
                    items.Add(new KernelVariable(name, type, Shape(item["shape"]), Count(item["bytes"])));
                }
            }
        }
        return new KernelVariables(items, IsStale: false, truncated);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text.Length > MaxText ? text[..MaxText] + "…" : text : null;

    private static long? Count(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var count) && count >= 0 ? count : null;

    private static List<long> Shape(JsonNode? node) =>
        node is JsonArray dimensions && dimensions.Count <= MaxDimensions && dimensions.Select(Count).ToList() is var counts && counts.All(c => c is not null)
            ? [.. counts.Select(c => c!.Value)]
            : [];
}
