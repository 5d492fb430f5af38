namespace CodingAgent.Core.Configuration;

/// <summary>
/// A setting that can come from several places (an app setting and an ecosystem variable such as OPENAI_API_KEY or
/// DOCKER_HOST): the first value that is not blank, in the order the caller gives, which is that setting's documented
/// precedence.
/// </summary>
public static class Settings
{
    public static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
