using CodingAgent.Web.Health;

namespace CodingAgent.Web.Storage;

/// <summary>S3 storage that does not answer (see <see cref="S3Calls.IsOutage"/>) makes a request's answer a 503 problem.</summary>
internal sealed class S3FailureClassifier : IDependencyFailureClassifier
{
    public string? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is S3StorageUnavailableException)
            {
                return "S3 storage";
            }
        }
        return null;
    }
}
