using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;

namespace CodingAgent.Web.Llm;

/// <summary>Stands in for the model when none is configured, so the app starts and the chat explains what to set.</summary>
public sealed class UnconfiguredChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new ModelNotConfiguredException();

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new ModelNotConfiguredException();

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
