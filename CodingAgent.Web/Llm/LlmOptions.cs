namespace CodingAgent.Web.Llm;

/// <summary>
/// The model endpoint: <c>Llm:Endpoint</c>, <c>Llm:ApiKey</c>, <c>Llm:Model</c>, or the ecosystem's
/// <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>OPENAI_MODEL</c> where those are not set.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";
    public const string DefaultModel = "gpt-4o-mini";

    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string? Model { get; set; }

    /// <summary>Seconds to wait for the model's HTTP responses.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 300;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ApiKey);

    public string EffectiveModel => string.IsNullOrWhiteSpace(Model) ? DefaultModel : Model;
}
