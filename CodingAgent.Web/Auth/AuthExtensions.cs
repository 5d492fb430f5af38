using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

public static class AuthExtensions
{
    /// <summary>The <c>Auth</c> settings (validated on start) and the guard of mode None.</summary>
    public static IHostApplicationBuilder AddCodingAgentAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddHostedService<AnonymousNetworkGuard>();
        return builder;
    }
}
