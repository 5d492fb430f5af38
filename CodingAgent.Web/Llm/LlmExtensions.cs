using System.ClientModel;
using System.ClientModel.Primitives;
using CodingAgent.Core.Agent;
using CodingAgent.Core.Configuration;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CodingAgent.Web.Llm;

public static class LlmExtensions
{
    /// <summary>The model as a pipeline: OpenAI-compatible client, function invocation (the agent's tool), OpenTelemetry.</summary>
    public static IHostApplicationBuilder AddCodingAgentLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                options.Endpoint = Settings.FirstNonBlank(options.Endpoint, configuration["OPENAI_BASE_URL"]);
                options.ApiKey = Settings.FirstNonBlank(options.ApiKey, configuration["OPENAI_API_KEY"]);
                options.Model = Settings.FirstNonBlank(options.Model, configuration["OPENAI_MODEL"]);
            })
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "Llm:Endpoint (OPENAI_BASE_URL) must be an absolute URL.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddChatClient(CreateInnerClient)
            .UseFunctionInvocation(configure: ToolInvocation.Configure)
            // inside the tool loop: every round trip stays within Agent:MaxContextTokens
            .Use((inner, services) => new ContextBudgetChatClient(inner, services.GetRequiredService<IOptions<AgentOptions>>()))
            .UseOpenTelemetry(sourceName: "CodingAgent.Llm", configure: telemetry => telemetry.EnableSensitiveData = false)
            // calls are logged at Debug; prompts and answers only at Trace
            .UseLogging();
        builder.Services.AddSingleton<IModelCatalog, ConfiguredModelCatalog>();
        return builder;
    }

    private static IChatClient CreateInnerClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        if (!options.IsConfigured)
        {
            return new UnconfiguredChatClient();
        }
        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 2),
        };
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = new Uri(options.Endpoint);
        }
        // local OpenAI-compatible servers often need no key, but the client requires one
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "not-needed" : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(options.EffectiveModel).AsIChatClient();
    }

}
