namespace CodingAgent.Web.Llm;

/// <summary>One entry of <c>Llm:Providers</c>: where a provider is, how to authenticate, and the models it offers.</summary>
public sealed class LlmProviderOptions
{
    /// <summary>Unique id, the first half of a model id <c>provider/model</c> (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="LlmProviderKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Base URL: required for <c>azure-openai</c> (the resource, e.g. <c>https://x.openai.azure.com</c>) and <c>openai-compatible</c> (e.g. <c>http://127.0.0.1:8000/v1</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The key itself (prefer <see cref="ApiKeyVariable"/>); never logged nor shown.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The environment variable (or configuration key) holding the key, e.g. <c>ANTHROPIC_API_KEY</c>.</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary><c>azure-openai</c>: the api-version query parameter.</summary>
    public string? ApiVersion { get; set; }

    public List<LlmModelOptions> Models { get; set; } = [];
}
