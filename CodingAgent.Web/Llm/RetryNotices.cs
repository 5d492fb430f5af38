using System.Globalization;
using System.Net;

namespace CodingAgent.Web.Llm;

/// <summary>What the user reads (a <c>notice</c> event) while a model request waits to be retried.</summary>
public static class RetryNotices
{
    /// <param name="status">The provider's answer, or null when it could not be reached.</param>
    /// <param name="delay">The wait before the next attempt.</param>
    /// <param name="nextAttempt">The attempt about to be made, 2 for the first retry.</param>
    /// <param name="attempts">All attempts allowed, the first one included.</param>
    public static string For(HttpStatusCode? status, TimeSpan delay, int nextAttempt, int attempts)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var of = $"(attempt {nextAttempt} of {attempts})";
        return status switch
        {
            HttpStatusCode.TooManyRequests => $"The model provider is rate-limiting; retrying in {seconds} s {of}.",
            { } code => $"The model provider failed (HTTP {(int)code}); retrying in {seconds} s {of}.",
            null => $"The model provider could not be reached; retrying in {seconds} s {of}.",
        };
    }
}
