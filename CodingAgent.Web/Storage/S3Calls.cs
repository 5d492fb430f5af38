using System.Net.Sockets;
using Amazon.Runtime;

namespace CodingAgent.Web.Storage;

/// <summary>Every call to the S3 client goes through here: an outage of the service becomes <see cref="S3StorageUnavailableException"/>.</summary>
internal static class S3Calls
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex, cancellationToken))
        {
            throw new S3StorageUnavailableException(ex);
        }
    }

    /// <summary>Refused or broken connections, timeouts (not the caller's cancellation) and the service's 5xx answers.</summary>
    public static bool IsOutage(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException service when (int)service.StatusCode >= 500:
                case HttpRequestException or SocketException or TimeoutException or OperationCanceledException or IOException:
                    return true;
            }
        }
        return false;
    }
}
