namespace CodingAgent.Web.Storage;

/// <summary>
/// Creates the bucket at start-up when it is missing. If the service does not answer, the app starts all the same
/// (readiness says storage is unavailable) and this keeps trying in the background until the bucket is there.
/// </summary>
internal sealed partial class S3BucketInitializer(S3BlobStore store, TimeProvider time, ILogger<S3BucketInitializer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan _retryEvery = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryEnsureAsync(cancellationToken))
        {
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        try
        {
            do
            {
                await Task.Delay(_retryEvery, time, stopping);
            }
            while (!await TryEnsureAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the app stops
        }
    }

    private async Task<bool> TryEnsureAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await store.EnsureBucketAsync(cancellationToken))
            {
                LogCreated(logger, store.Bucket);
            }
            return true;
        }
        catch (Exception ex) when (ex is S3StorageUnavailableException or Amazon.Runtime.AmazonServiceException)
        {
            LogUnavailable(logger, store.Bucket, ex.Message, _retryEvery.TotalSeconds);
            return false;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _retrying.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the S3 bucket '{Bucket}'.")]
    private static partial void LogCreated(ILogger logger, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the S3 bucket '{Bucket}' yet ({Reason}); trying again every {Seconds} s. Requests that need storage get 503 meanwhile.")]
    private static partial void LogUnavailable(ILogger logger, string bucket, string reason, double seconds);
}
