using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Web.Llm;

/// <summary>
/// The models (section <c>Llm</c>): <see cref="Providers"/>, several at once, and <see cref="DefaultModel"/>; or, when
/// no provider is listed, one implicit provider <see cref="ImplicitProviderName"/> from <c>Llm:Endpoint</c>,
/// <c>Llm:ApiKey</c>, <c>Llm:Model</c>, or the ecosystem's <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>,
/// <c>OPENAI_MODEL</c> where those are not set. Also the resilience of every model call.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";
    public const string FallbackModelName = "gpt-4o-mini";

    /// <summary>The name of the provider made from the single-endpoint settings when <see cref="Providers"/> is empty.</summary>
    public const string ImplicitProviderName = "default";

    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string? Model { get; set; }

    /// <summary>The configured providers; when empty, the single-endpoint settings above make one.</summary>
    public List<LlmProviderOptions> Providers { get; set; } = [];

    /// <summary><c>provider/model</c> of the model a session uses unless it picks another; empty: the first listed model.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Seconds one model call may wait for the provider: for the response to start, and between two parts of a streamed answer.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of a model request answered with 429, 408 or 5xx, or that could not reach the provider.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay (doubled each retry, with jitter) when the provider sends no Retry-After.</summary>
    [Range(1, 60)]
    public int RetryDelaySeconds { get; set; } = 2;

    /// <summary>The longest wait before a retry: a longer Retry-After or backoff is shortened to it.</summary>
    [Range(1, 600)]
    public int MaxRetryDelaySeconds { get; set; } = 60;

    public bool IsConfigured => Providers.Count > 0 || !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ApiKey);

    public string EffectiveModel => string.IsNullOrWhiteSpace(Model) ? FallbackModelName : Model;
}
