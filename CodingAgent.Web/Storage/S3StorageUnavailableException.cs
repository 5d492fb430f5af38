namespace CodingAgent.Web.Storage;

/// <summary>The S3-compatible service did not answer (refused, timed out, or failed with a 5xx); the request may be repeated later.</summary>
public sealed class S3StorageUnavailableException(Exception inner)
    : Exception("S3 storage is unreachable: " + inner.GetType().Name + ".", inner);
