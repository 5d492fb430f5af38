using System.Net;
using CodingAgent.Core.Agent;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace CodingAgent.Web.Llm;

/// <summary>
/// The HttpClient every provider SDK sends through (their own retries are off): retries with exponential backoff
/// honouring Retry-After (seconds or HTTP-date) on 408, 429, 5xx and unreachable providers, each telling the waiting
/// run through <see cref="ModelCallScope"/>; a circuit breaker per provider address; and a timeout per attempt. A
/// streamed answer is retried only before it starts: the handler returns once the response headers arrive.
/// </summary>
public static class LlmHttp
{
    public const string ClientName = "CodingAgent.Llm";

    /// <summary>How long requests to a provider are refused after it failed repeatedly.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddLlmHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName)
            // the SDKs and the pipeline below bound each call; the client's own 100 s would cut long answers
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            // each model's client is kept for the app's life: its connections, not its handler, are renewed (DNS changes)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // request logging adds nothing the chat client's logging does not, and must never see auth headers
            .RemoveAllLoggers()
            .AddResilienceHandler("llm", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value;
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(RetryOptions(options, context.ServiceProvider.GetRequiredService<TimeProvider>()));
                }
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.8,
                    MinimumThroughput = 8,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = BreakDuration,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
            })
            .SelectPipelineByAuthority();
        return services;
    }

    private static HttpRetryStrategyOptions RetryOptions(LlmOptions options, TimeProvider time)
    {
        var attempts = options.MaxRetries + 1;
        var longest = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        return new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
            MaxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds),
            // Retry-After is read here rather than by ShouldRetryAfterHeader, whose delay MaxDelay does not bound
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time) is { } after ? (TimeSpan?)(after < longest ? after : longest) : null),
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            OnRetry = args =>
            {
                ModelCallScope.Notice(RetryNotices.For(args.Outcome.Result?.StatusCode, args.RetryDelay, args.AttemptNumber + 2, attempts));
                return default;
            },
        };
    }

    /// <summary>The wait a response asks for in Retry-After (seconds or an HTTP-date; a past date is no wait), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var delay = response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>Worth another attempt: 408, 429, 5xx, or no answer at all. A timed-out attempt is not (the model may still be generating, and billing).</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => false,
        { Exception: HttpRequestException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
        _ => false,
    };
}
