using System.Text;
using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>One streamed model response (with the tool calls the function-invocation layer made inside it).</summary>
internal sealed class ModelReply
{
    public List<ChatResponseUpdate> Updates { get; } = [];

    /// <summary>What the model said after its last tool call: its answer.</summary>
    public StringBuilder Text { get; } = new();

    public bool ToolCalled { get; set; }

    public ChatFinishReason? FinishReason { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text.ToString());

    public bool WasCutOff => FinishReason == ChatFinishReason.Length;
}
