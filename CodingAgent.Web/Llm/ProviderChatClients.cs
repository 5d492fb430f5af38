using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OpenAI;

namespace CodingAgent.Web.Llm;

/// <summary>
/// The provider's own chat client for one model, sending through <paramref name="http"/> (<see cref="LlmHttp"/>)
/// with the SDK's retries off: the OpenAI SDK for <c>openai</c>, <c>openai-compatible</c>, <c>ollama</c> (its
/// OpenAI-compatible <c>/v1</c> API) and <c>azure-openai</c> (the Azure URL shape, <see cref="AzureOpenAiPolicy"/>);
/// the official Anthropic SDK for <c>anthropic</c>.
/// </summary>
public static class ProviderChatClients
{
    public const int AnthropicDefaultMaxOutputTokens = 4096;

    public static IChatClient Create(LlmProviderOptions provider, LlmModelOptions model, string? key, HttpClient http, TimeSpan timeout)
    {
        var endpoint = string.IsNullOrWhiteSpace(provider.Endpoint) ? null : provider.Endpoint.Trim().TrimEnd('/');
        switch (provider.Kind.Trim())
        {
            case LlmProviderKinds.Anthropic:
                var anthropic = new AnthropicClient(new ClientOptions
                {
                    HttpClient = http,
                    BaseUrl = endpoint ?? "https://api.anthropic.com",
                    ApiKey = key,
                    MaxRetries = 0,
                    // LlmHttp bounds each attempt and ProviderErrorChatClient each pause of the stream
                    Timeout = TimeSpan.FromDays(1),
                });
                return anthropic.AsIChatClient(model.Name, model.MaxOutputTokens ?? AnthropicDefaultMaxOutputTokens);
            case LlmProviderKinds.AzureOpenAi:
                var azure = OpenAiOptions(http, timeout, new Uri(endpoint + "/openai/deployments/" + Uri.EscapeDataString(model.Name)));
                azure.AddPolicy(new AzureOpenAiPolicy(key ?? "", string.IsNullOrWhiteSpace(provider.ApiVersion) ? LlmProviderKinds.AzureDefaultApiVersion : provider.ApiVersion.Trim()),
                    PipelinePosition.BeforeTransport);
                // the credential's bearer header is replaced by api-key
                return new OpenAIClient(new ApiKeyCredential("azure"), azure).GetChatClient(model.Name).AsIChatClient();
            default:
                if (provider.Kind.Trim() == LlmProviderKinds.Ollama)
                {
                    endpoint ??= LlmProviderKinds.OllamaDefaultEndpoint;
                }
                var options = OpenAiOptions(http, timeout, endpoint is null ? null : new Uri(endpoint));
                // local OpenAI-compatible servers often need no key, but the client requires one
                return new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(key) ? "not-needed" : key), options).GetChatClient(model.Name).AsIChatClient();
        }
    }

    private static OpenAIClientOptions OpenAiOptions(HttpClient http, TimeSpan timeout, Uri? endpoint)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // bounds each read of a streamed answer too
            NetworkTimeout = timeout,
        };
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }
        return options;
    }
}
