using System.Net.Sockets;
using Amazon.Runtime;

namespace CodingAgent.Web.Storage;

/// <summary>
/// Every call to the S3 client goes through here: bounded in time (retries included), and an outage of the service
/// becomes <see cref="S3StorageUnavailableException"/>.
/// </summary>
internal static class S3Calls
{
    /// <summary>For calls that move little data (metadata, listings, a GET until its headers): a 503 within 15 s, never a hang.</summary>
    public static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    /// <summary>For one part of an upload (8 MiB by default).</summary>
    public static readonly TimeSpan Part = TimeSpan.FromMinutes(2);

    /// <summary>For completing a multipart upload: the service assembles the parts, which takes a while for a large object.</summary>
    public static readonly TimeSpan Assembly = TimeSpan.FromMinutes(5);

    public static Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync(call, Quick, cancellationToken);

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            return await call(bounded.Token);
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
