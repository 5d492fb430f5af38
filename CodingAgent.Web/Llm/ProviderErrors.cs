using System.ClientModel;
using Anthropic.Exceptions;
using CodingAgent.Core.Agent;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CodingAgent.Web.Llm;

/// <summary>
/// Turns what a provider SDK throws into a <see cref="ModelProviderException"/> whose message the user can read:
/// never the SDK's text (it may quote the response body, which may quote the key).
/// </summary>
public static class ProviderErrors
{
    /// <summary>The exception to throw instead of <paramref name="exception"/>; null when it is not a provider failure (a bug, a cancellation).</summary>
    public static ModelProviderException? Translate(Exception exception, string provider, string model, TimeSpan timeout)
    {
        var chain = Chain(exception).ToList();
        if (chain.Any(e => e is TimeoutRejectedException or TimeoutException) || exception is OperationCanceledException)
        {
            return new ModelProviderException($"The model provider did not answer within {(int)timeout.TotalSeconds} s.");
        }
        if (chain.Any(e => e is BrokenCircuitException))
        {
            return new ModelProviderException(
                $"The model provider '{provider}' failed repeatedly, so requests to it are paused for {(int)LlmHttp.BreakDuration.TotalSeconds} s; try again shortly.");
        }
        var status = chain.Select(StatusOf).FirstOrDefault(s => s is > 0);
        return status switch
        {
            401 or 403 => new ModelProviderException(
                $"The model provider '{provider}' refused the API key (HTTP {status}): check its ApiKey or ApiKeyVariable in Llm:Providers (or OPENAI_API_KEY).") { StatusCode = status },
            404 => new ModelProviderException(
                $"The model provider '{provider}' does not know the model '{model}' or the endpoint is wrong (HTTP 404): check Llm:Providers.") { StatusCode = status },
            429 => new ModelProviderException($"The model provider '{provider}' is still rate-limiting after the retries; try again later.") { StatusCode = status },
            >= 500 => new ModelProviderException($"The model provider '{provider}' failed (HTTP {status}), also on retrying; try again later.") { StatusCode = status },
            { } other => new ModelProviderException($"The model provider '{provider}' rejected the request (HTTP {other}).") { StatusCode = status },
            null when chain.Any(e => e is HttpRequestException or AnthropicIOException || e is ClientResultException { Status: 0 }) =>
                new ModelProviderException($"The model provider '{provider}' could not be reached: check its Endpoint in Llm:Providers (or OPENAI_BASE_URL)."),
            _ => null,
        };
    }

    private static int? StatusOf(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } result => result.Status,
        AnthropicApiException api => (int)api.StatusCode,
        HttpRequestException { StatusCode: { } code } => (int)code,
        _ => null,
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
