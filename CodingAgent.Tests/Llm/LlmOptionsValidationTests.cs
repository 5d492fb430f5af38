using CodingAgent.Web.Llm;
using Microsoft.Extensions.Configuration;

namespace CodingAgent.Tests.Llm;

public sealed class LlmOptionsValidationTests
{
    private static readonly IConfiguration NoVariables = new ConfigurationBuilder().Build();

    private static LlmProviderOptions Provider(string name, string kind, string? endpoint = "http://127.0.0.1:9/v1", string? key = "k", params string[] models) => new()
    {
        Name = name,
        Kind = kind,
        Endpoint = endpoint,
        ApiKey = key,
        Models = [.. (models.Length == 0 ? ["m"] : models).Select(m => new LlmModelOptions { Name = m })],
    };

    private static IReadOnlyList<string> Failures(LlmOptions options) =>
        new LlmOptionsValidator(NoVariables).Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Several_valid_providers_with_a_default_among_them_pass()
    {
        var options = new LlmOptions
        {
            Providers = [Provider("openai", "openai", endpoint: null), Provider("local", "ollama", endpoint: null, key: null), Provider("claude", "anthropic", endpoint: null)],
            DefaultModel = "claude/m",
        };

        Assert.Empty(Failures(options));
        Assert.Equal(["claude/m", "openai/m", "local/m"], ConfiguredProviders.Models(options).Select(m => m.Id));
    }

    [Fact]
    public void An_unknown_kind_is_named_with_the_kinds_there_are()
    {
        var failure = Assert.Single(Failures(new LlmOptions { Providers = [Provider("x", "gemini")] }));

        Assert.Equal("Llm:Providers:0 ('x'): unknown Kind 'gemini'; use one of openai, azure-openai, openai-compatible, anthropic, ollama.", failure);
    }

    [Fact]
    public void A_name_used_twice_is_refused()
    {
        var failure = Assert.Single(Failures(new LlmOptions { Providers = [Provider("same", "openai"), Provider("same", "anthropic")] }));

        Assert.Equal("Llm:Providers:1 ('same'): the name 'same' is used by another provider too; names must be unique.", failure);
    }

    [Theory]
    [InlineData("azure-openai")]
    [InlineData("openai-compatible")]
    public void Azure_and_compatible_servers_need_an_endpoint(string kind)
    {
        var failure = Assert.Single(Failures(new LlmOptions { Providers = [Provider("p", kind, endpoint: null)] }));

        Assert.Equal($"Llm:Providers:0 ('p'): Kind {kind} needs an Endpoint (the server's base URL).", failure);
    }

    [Fact]
    public void A_default_model_that_is_not_configured_is_refused_naming_the_ones_that_are()
    {
        var failure = Assert.Single(Failures(new LlmOptions { Providers = [Provider("a", "openai", models: ["m1", "m2"])], DefaultModel = "a/m3" }));

        Assert.Equal("Llm:DefaultModel 'a/m3' is not a configured model; use one of: a/m1, a/m2 (provider/model).", failure);
    }

    [Fact]
    public void A_key_variable_that_is_not_set_is_named_and_a_hosted_provider_without_key_is_refused()
    {
        var unset = Provider("claude", "anthropic", key: null);
        unset.ApiKeyVariable = "CODINGAGENT_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var failures = Failures(new LlmOptions { Providers = [unset, Provider("openai", "openai", key: null)] });

        Assert.Equal(
            [
                $"Llm:Providers:0 ('claude'): the environment variable '{unset.ApiKeyVariable}' named by ApiKeyVariable is not set.",
                "Llm:Providers:1 ('openai'): Kind openai needs an API key: set ApiKey, or ApiKeyVariable to the environment variable that holds it.",
            ],
            failures);
    }

    [Fact]
    public void Bad_models_names_and_endpoints_are_each_reported()
    {
        var provider = Provider("bad/name", "openai-compatible", endpoint: "ftp://host", models: ["m", "m"]);
        provider.Models[0].ToolCalling = "maybe";

        var failures = Failures(new LlmOptions { Providers = [provider, Provider("empty", "ollama", models: [])] });

        Assert.Contains("Llm:Providers:0 ('bad/name'): Name may only hold letters, digits, '-', '_' and '.' (it is the first part of a model id provider/model).", failures);
        Assert.Contains("Llm:Providers:0 ('bad/name'): Endpoint 'ftp://host' is not an absolute http:// or https:// URL.", failures);
        Assert.Contains("Llm:Providers:0 ('bad/name') Models:0: ToolCalling 'maybe' is neither native nor fenced.", failures);
        Assert.Contains("Llm:Providers:0 ('bad/name') Models:1: the model 'm' is listed twice.", failures);
        Assert.Equal(4, failures.Count(f => f.StartsWith("Llm:Providers:0", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_single_endpoint_settings_make_one_implicit_provider_only_when_no_provider_is_listed()
    {
        var legacy = new LlmOptions { Endpoint = "http://127.0.0.1:11434/v1", Model = "qwen" };
        var listed = new LlmOptions { Endpoint = "http://127.0.0.1:11434/v1", Model = "qwen", Providers = [Provider("claude", "anthropic")] };

        Assert.Equal(["default/qwen"], ConfiguredProviders.Models(legacy).Select(m => m.Id));
        Assert.Equal("openai-compatible", ConfiguredProviders.Of(legacy)[0].Kind);
        Assert.Equal(["claude/m"], ConfiguredProviders.Models(listed).Select(m => m.Id));
        Assert.Empty(ConfiguredProviders.Models(new LlmOptions()));
    }
}
