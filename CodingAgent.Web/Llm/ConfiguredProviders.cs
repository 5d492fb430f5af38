using CodingAgent.Core.Agent;

namespace CodingAgent.Web.Llm;

/// <summary>The providers in force: <c>Llm:Providers</c>, or the implicit one of the single-endpoint settings, and their models.</summary>
public static class ConfiguredProviders
{
    /// <summary>The configured providers; the implicit <see cref="LlmOptions.ImplicitProviderName"/> one when none is listed; none when nothing is configured.</summary>
    public static IReadOnlyList<LlmProviderOptions> Of(LlmOptions options)
    {
        if (options.Providers.Count > 0)
        {
            return options.Providers;
        }
        if (!options.IsConfigured)
        {
            return [];
        }
        return
        [
            new LlmProviderOptions
            {
                Name = LlmOptions.ImplicitProviderName,
                Kind = string.IsNullOrWhiteSpace(options.Endpoint) ? LlmProviderKinds.OpenAi : LlmProviderKinds.OpenAiCompatible,
                Endpoint = options.Endpoint,
                ApiKey = options.ApiKey,
                Models = [new LlmModelOptions { Name = options.EffectiveModel }],
            },
        ];
    }

    /// <summary>Every model as <c>provider/model</c>, the default first (<c>Llm:DefaultModel</c>, else the first listed).</summary>
    public static IReadOnlyList<ModelChoice> Models(LlmOptions options)
    {
        var models = Of(options)
            .SelectMany(p => p.Models.Select(m => new ModelChoice(
                Id(p.Name, m.Name), p.Name, m.Name,
                string.IsNullOrWhiteSpace(m.DisplayName) ? m.Name : m.DisplayName.Trim(),
                m.ToolCalling, m.InputPricePerMillionTokens, m.OutputPricePerMillionTokens)))
            .ToList();
        var preferred = models.FindIndex(m => m.Id == options.DefaultModel?.Trim());
        if (preferred > 0)
        {
            var model = models[preferred];
            models.RemoveAt(preferred);
            models.Insert(0, model);
        }
        return models;
    }

    public static string Id(string provider, string model) => provider + "/" + model;

    /// <summary>
    /// The provider's key: <see cref="LlmProviderOptions.ApiKey"/>, else the environment variable (or configuration key)
    /// named by <see cref="LlmProviderOptions.ApiKeyVariable"/>; null when neither gives one.
    /// </summary>
    public static string? KeyOf(LlmProviderOptions provider, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(provider.ApiKey))
        {
            return provider.ApiKey.Trim();
        }
        if (string.IsNullOrWhiteSpace(provider.ApiKeyVariable))
        {
            return null;
        }
        var name = provider.ApiKeyVariable.Trim();
        return Core.Configuration.Settings.FirstNonBlank(Environment.GetEnvironmentVariable(name), configuration[name])?.Trim();
    }
}
