using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Agent;

/// <summary>
/// Keeps every request to the model within <see cref="AgentOptions.MaxContextTokens"/> while a run goes on: it sits
/// inside the function-invocation layer, so it sees each round trip's growing list of tool results, and shortens the
/// older results (head and tail) before the newest one. The user still sees every output in full.
/// </summary>
public sealed class ContextBudgetChatClient(IChatClient inner, IOptions<AgentOptions> options) : DelegatingChatClient(inner)
{
    /// <summary>Characters an older tool result keeps when the request is over budget.</summary>
    public const int ShortResultChars = 600;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Fit(messages), chatOptions, cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(Fit(messages), chatOptions, cancellationToken);

    private IEnumerable<ChatMessage> Fit(IEnumerable<ChatMessage> messages)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var budget = options.Value.MaxContextTokens * ContextSize.CharsPerToken;
        var over = ContextSize.Chars(list) - budget;
        if (over <= 0)
        {
            return list;
        }
        var fitted = list.ToList();
        var results = Enumerable.Range(0, fitted.Count)
            .Where(i => fitted[i].Contents.OfType<FunctionResultContent>().Any())
            .ToList();
        // older results first, the newest only if that is not enough
        foreach (var index in results.Take(results.Count - 1).Concat(results.TakeLast(1)))
        {
            if (over <= 0)
            {
                break;
            }
            var before = ContextSize.Chars(fitted[index]);
            var keep = index == results[^1] ? Math.Max(ShortResultChars, before - over) : ShortResultChars;
            fitted[index] = Shortened(fitted[index], keep);
            over -= before - ContextSize.Chars(fitted[index]);
        }
        return fitted;
    }

    private static ChatMessage Shortened(ChatMessage message, int keep) =>
        new(message.Role, [.. message.Contents.Select(content => content is FunctionResultContent result && (result.Result?.ToString()?.Length ?? 0) > keep
            ? new FunctionResultContent(result.CallId, ToolResultText.Shorten(result.Result!.ToString()!, keep))
            : content)])
        {
            AuthorName = message.AuthorName,
            MessageId = message.MessageId,
        };
}
