using CodingAgent.Core.Agent;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Llm;

/// <summary>Checks <c>Llm</c> at start-up and says exactly what to change (never a key's value).</summary>
public sealed class LlmOptionsValidator(IConfiguration configuration) : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (options.Providers.Count == 0 && !IsHttpUrl(options.Endpoint, allowBlank: true))
        {
            failures.Add("Llm:Endpoint (OPENAI_BASE_URL) must be an absolute URL.");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Providers.Count; i++)
        {
            ValidateProvider(options.Providers[i], $"Llm:Providers:{i}", names, failures);
        }
        var models = ConfiguredProviders.Models(options);
        if (!string.IsNullOrWhiteSpace(options.DefaultModel) && models.All(m => m.Id != options.DefaultModel.Trim()))
        {
            failures.Add(models.Count == 0
                ? $"Llm:DefaultModel '{options.DefaultModel}' names a model, but no model is configured (Llm:Providers is empty)."
                : $"Llm:DefaultModel '{options.DefaultModel}' is not a configured model; use one of: {string.Join(", ", models.Select(m => m.Id))} (provider/model).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateProvider(LlmProviderOptions provider, string path, HashSet<string> names, List<string> failures)
    {
        var providerName = provider.Name?.Trim() ?? "";
        var at = providerName.Length == 0 ? path : $"{path} ('{providerName}')";
        if (providerName.Length == 0)
        {
            failures.Add($"{path}: Name is empty; give each provider a unique name, e.g. \"openai\" or \"local\".");
        }
        else if (providerName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            failures.Add($"{at}: Name may only hold letters, digits, '-', '_' and '.' (it is the first part of a model id provider/model).");
        }
        else if (!names.Add(providerName))
        {
            failures.Add($"{at}: the name '{providerName}' is used by another provider too; names must be unique.");
        }
        if (!LlmProviderKinds.All.Contains(provider.Kind?.Trim()))
        {
            failures.Add($"{at}: unknown Kind '{provider.Kind}'; use one of {string.Join(", ", LlmProviderKinds.All)}.");
            return;
        }
        var kind = provider.Kind!.Trim();
        if (LlmProviderKinds.NeedsEndpoint(kind) && string.IsNullOrWhiteSpace(provider.Endpoint))
        {
            failures.Add($"{at}: Kind {kind} needs an Endpoint (the server's base URL).");
        }
        else if (!IsHttpUrl(provider.Endpoint, allowBlank: true))
        {
            failures.Add($"{at}: Endpoint '{provider.Endpoint}' is not an absolute http:// or https:// URL.");
        }
        if (LlmProviderKinds.NeedsKey(kind) && ConfiguredProviders.KeyOf(provider, configuration) is null)
        {
            failures.Add(string.IsNullOrWhiteSpace(provider.ApiKeyVariable)
                ? $"{at}: Kind {kind} needs an API key: set ApiKey, or ApiKeyVariable to the environment variable that holds it."
                : $"{at}: the environment variable '{provider.ApiKeyVariable}' named by ApiKeyVariable is not set.");
        }
        if (provider.Models.Count == 0)
        {
            failures.Add($"{at}: Models is empty; list at least one model, e.g. {{ \"Name\": \"gpt-4o-mini\" }}.");
        }
        var models = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < provider.Models.Count; i++)
        {
            var model = provider.Models[i];
            var modelAt = $"{at} Models:{i}";
            if (string.IsNullOrWhiteSpace(model.Name))
            {
                failures.Add($"{modelAt}: Name is empty.");
            }
            else if (!models.Add(model.Name))
            {
                failures.Add($"{modelAt}: the model '{model.Name}' is listed twice.");
            }
            if (!ToolCallingModes.IsValid(model.ToolCalling))
            {
                failures.Add($"{modelAt}: ToolCalling '{model.ToolCalling}' is neither {ToolCallingModes.Native} nor {ToolCallingModes.Fenced}.");
            }
            if (model.InputPricePerMillionTokens < 0 || model.OutputPricePerMillionTokens < 0)
            {
                failures.Add($"{modelAt}: prices may not be negative.");
            }
        }
    }

    private static bool IsHttpUrl(string? value, bool allowBlank) =>
        string.IsNullOrWhiteSpace(value)
            ? allowBlank
            : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
