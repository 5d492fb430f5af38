namespace CodingAgent.Core.Agent;

/// <summary>
/// A model call failed at the provider (timeout, refused key, unknown model or endpoint, a provider error, paused
/// requests after repeated failures). Its message is safe to show the user: it never holds a key, a response body or
/// a stack trace.
/// </summary>
public sealed class ModelProviderException : Exception
{
    public ModelProviderException()
        : base("The model provider failed.")
    {
    }

    public ModelProviderException(string message)
        : base(message)
    {
    }

    public ModelProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the provider answered with, when it answered.</summary>
    public int? StatusCode { get; init; }
}
