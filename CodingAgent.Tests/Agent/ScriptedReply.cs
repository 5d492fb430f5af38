using System.Text.Json;
using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;

namespace CodingAgent.Tests.Agent;

/// <summary>One scripted model reply.</summary>
internal sealed record ScriptedReply(string Text, IReadOnlyList<FunctionCallContent> Calls, ChatFinishReason FinishReason, string? Reasoning = null)
{
    public long InputTokens { get; init; } = 100;
    public long OutputTokens { get; init; } = 10;
    public IReadOnlyList<string> Notices { get; init; } = [];

    public static ScriptedReply Say(string text) => new(text, [], ChatFinishReason.Stop);

    public static ScriptedReply CutOff(string text) => new(text, [], ChatFinishReason.Length);

    public static ScriptedReply Run(string code, string preamble = "") =>
        new(preamble, [new FunctionCallContent(CallId(), PythonTool.Name, new Dictionary<string, object?> { ["code"] = code })], ChatFinishReason.ToolCalls);

    /// <summary>A tool call whose arguments were not valid JSON (as the OpenAI adapter reports it).</summary>
    public static ScriptedReply Malformed() =>
        new("", [new FunctionCallContent(CallId(), PythonTool.Name) { Exception = new JsonException("'c' is invalid after a value. LineNumber: 0 | BytePositionInLine: 12.") }], ChatFinishReason.ToolCalls);

    public static ScriptedReply CallTool(string name) =>
        new("", [new FunctionCallContent(CallId(), name, new Dictionary<string, object?> { ["query"] = "x" })], ChatFinishReason.ToolCalls);

    private static string CallId() => "call_" + Guid.NewGuid().ToString("N")[..10];
}
