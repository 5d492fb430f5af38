namespace CodingAgent.Web.Llm;

/// <summary>The kinds of <c>Llm:Providers</c> entries and what each needs.</summary>
public static class LlmProviderKinds
{
    public const string OpenAi = "openai";
    public const string AzureOpenAi = "azure-openai";
    public const string OpenAiCompatible = "openai-compatible";
    public const string Anthropic = "anthropic";

    /// <summary>Ollama through its OpenAI-compatible <c>/v1</c> API (default endpoint <see cref="OllamaDefaultEndpoint"/>).</summary>
    public const string Ollama = "ollama";

    public const string OllamaDefaultEndpoint = "http://127.0.0.1:11434/v1";
    public const string AzureDefaultApiVersion = "2024-10-21";

    public static readonly IReadOnlyList<string> All = [OpenAi, AzureOpenAi, OpenAiCompatible, Anthropic, Ollama];

    public static bool NeedsEndpoint(string kind) => kind is AzureOpenAi or OpenAiCompatible;

    public static bool NeedsKey(string kind) => kind is OpenAi or AzureOpenAi or Anthropic;
}
