using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;

namespace CodingAgent.Tests.Agent;

/// <summary>
/// A model in memory for fast tests of the agent's logic: each request gets the next scripted reply as streamed
/// updates (text in chunks, reasoning, tool calls, usage, finish reason). Every request's messages are kept.
/// </summary>
internal sealed class ScriptedChatClient(params ScriptedReply[] replies) : IChatClient
{
    private int _next;

    public ConcurrentQueue<IReadOnlyList<ChatMessage>> Requests { get; } = new();

    public ConcurrentQueue<ChatOptions?> Options { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The agent streams.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Enqueue([.. messages]);
        Options.Enqueue(options);
        var index = Interlocked.Increment(ref _next) - 1;
        var reply = index < replies.Length ? replies[index] : ScriptedReply.Say("(no reply scripted)");
        foreach (var notice in reply.Notices)
        {
            ModelCallScope.Notice(notice);
        }
        if (reply.Reasoning is { } reasoning)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextReasoningContent(reasoning)]);
        }
        foreach (var chunk in Chunks(reply.Text, 7))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk);
        }
        foreach (var call in reply.Calls)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [call]);
        }
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = reply.InputTokens, OutputTokenCount = reply.OutputTokens })])
        {
            FinishReason = reply.Calls.Count > 0 ? ChatFinishReason.ToolCalls : reply.FinishReason,
        };
    }

    private static IEnumerable<string> Chunks(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
