namespace CodingAgent.Web.Health;

/// <summary>
/// Recognises the exceptions of one adapter's client library that mean its service is unreachable (down, timing out,
/// refusing connections), so that the request gets a 503 problem instead of a 500.
/// </summary>
public interface IDependencyFailureClassifier
{
    /// <summary>The dependency's display name ("PostgreSQL", "Redis", "S3 storage") when <paramref name="exception"/> (or an inner one) means it is unreachable; else null.</summary>
    string? Classify(Exception exception);
}
