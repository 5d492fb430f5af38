namespace CodingAgent.Core.Agent;

/// <summary>Thrown by the placeholder chat client when no model endpoint or key is configured.</summary>
public sealed class ModelNotConfiguredException() : InvalidOperationException(HelpText)
{
    public const string HelpText =
        "No language model is configured: set OPENAI_API_KEY (plus OPENAI_BASE_URL and OPENAI_MODEL for another " +
        "OpenAI-compatible server) or Llm:ApiKey, Llm:Endpoint and Llm:Model in appsettings.json, then restart CodingAgent.";
}
