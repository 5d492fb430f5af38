using CodingAgent.Core.Agent;
using CodingAgent.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Llm;

public static class LlmExtensions
{
    /// <summary>The models (<see cref="ModelCatalog"/>), their options checked at start-up, and the resilient HttpClient the provider SDKs use.</summary>
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
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        builder.Services.AddLlmHttpClient();
        builder.Services.AddSingleton<IModelCatalog, ModelCatalog>();
        return builder;
    }
}
