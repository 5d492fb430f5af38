using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>
/// Estimates of what a request costs in tokens: about <see cref="CharsPerToken"/> characters each, plus a little per
/// message. Rough on purpose (no tokenizer knows every provider's model), and the budgets leave room for the error.
/// </summary>
public static class ContextSize
{
    public const int CharsPerToken = Profiling.ProfileDigest.CharsPerToken;
    private const int CharsPerMessage = 16;

    public static int Chars(ChatMessage message) => CharsPerMessage + message.Contents.Sum(content => content switch
    {
        TextContent text => text.Text.Length,
        TextReasoningContent reasoning => reasoning.Text.Length,
        FunctionCallContent call => call.Name.Length + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 4)) ?? 0),
        FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
        _ => 0,
    });

    public static int Chars(IEnumerable<ChatMessage> messages) => messages.Sum(Chars);

    public static int Tokens(IEnumerable<ChatMessage> messages) => Chars(messages) / CharsPerToken;
}
