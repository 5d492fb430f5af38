using System.Runtime.CompilerServices;
using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;

namespace CodingAgent.Web.Llm;

/// <summary>
/// The innermost link of a model's pipeline: bounds each wait for the provider by <c>Llm:TimeoutSeconds</c> (for the
/// answer to start, and between two parts of a streamed answer) and turns provider failures into a
/// <see cref="ModelProviderException"/> with a message safe to show; logs only the provider, model and status.
/// </summary>
public sealed partial class ProviderErrorChatClient(IChatClient inner, string provider, string model, TimeSpan timeout, ILogger logger)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await base.GetResponseAsync(messages, options, limit.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Translate(ex) is { } failure)
        {
            throw failure;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var updates = base.GetStreamingResponseAsync(messages, options, limit.Token).GetAsyncEnumerator(limit.Token);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    limit.CancelAfter(timeout);
                    if (!await updates.MoveNextAsync())
                    {
                        yield break;
                    }
                    update = updates.Current;
                    limit.CancelAfter(Timeout.InfiniteTimeSpan);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Translate(ex) is { } failure)
                {
                    throw failure;
                }
                yield return update;
            }
        }
        finally
        {
            await updates.DisposeAsync();
        }
    }

    private ModelProviderException? Translate(Exception exception)
    {
        var failure = ProviderErrors.Translate(exception, provider, model, timeout);
        if (failure is not null)
        {
            LogProviderFailed(logger, provider, model, failure.StatusCode, exception.GetType().Name);
        }
        return failure;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model call to {Provider}/{Model} failed: HTTP status {Status}, {ExceptionType}")]
    private static partial void LogProviderFailed(ILogger logger, string provider, string model, int? status, string exceptionType);
}
