namespace CodingAgent.Core.Agent;

/// <summary>Thrown when no model is configured, or a session's model is not (any longer) among the configured ones.</summary>
public sealed class ModelNotConfiguredException : InvalidOperationException
{
    public const string HelpText =
        "No language model is configured: set OPENAI_API_KEY (plus OPENAI_BASE_URL and OPENAI_MODEL for another " +
        "OpenAI-compatible server) or Llm:ApiKey, Llm:Endpoint and Llm:Model in appsettings.json, or list providers in " +
        "Llm:Providers, then restart CodingAgent.";

    public ModelNotConfiguredException()
        : base(HelpText)
    {
    }

    /// <summary>A message safe to show the user, e.g. naming the unknown model and the configured ones.</summary>
    public ModelNotConfiguredException(string message)
        : base(message)
    {
    }

    public ModelNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The session asks for <paramref name="id"/>, which is not among <paramref name="configured"/>.</summary>
    public static ModelNotConfiguredException Unknown(string id, IReadOnlyList<ModelChoice> configured) =>
        configured.Count == 0
            ? new()
            : new($"The model '{id}' chosen for this session is not configured; choose one of: {string.Join(", ", configured.Select(m => m.Id))}.");
}
