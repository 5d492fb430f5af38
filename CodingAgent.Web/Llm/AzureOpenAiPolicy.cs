using System.ClientModel.Primitives;

namespace CodingAgent.Web.Llm;

/// <summary>
/// Turns the OpenAI client's requests into Azure OpenAI's shape: the key in the <c>api-key</c> header (no bearer
/// token) and the <c>api-version</c> query parameter; the deployment is in the endpoint's path
/// (<c>{resource}/openai/deployments/{deployment}</c>).
/// </summary>
public sealed class AzureOpenAiPolicy(string apiKey, string apiVersion) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Prepare(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Prepare(message);
        await ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Prepare(PipelineMessage message)
    {
        var request = message.Request;
        request.Headers.Remove("Authorization");
        request.Headers.Set("api-key", apiKey);
        if (request.Uri is { } uri && !uri.Query.Contains("api-version=", StringComparison.Ordinal))
        {
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            request.Uri = new Uri(uri + separator + "api-version=" + Uri.EscapeDataString(apiVersion));
        }
    }
}
