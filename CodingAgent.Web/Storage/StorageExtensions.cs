using Amazon.Runtime;
using Amazon.S3;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Extensions;
using CodingAgent.Web.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Storage;

public static class StorageExtensions
{
    /// <summary>A backstop only: every call is bounded by <see cref="S3Calls"/>, by the kind of call.</summary>
    private static readonly TimeSpan _attemptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The blob store the <c>Storage</c> settings choose (the data folder by default, or an S3-compatible bucket), its readiness check and its outage classifier.</summary>
    public static IHostApplicationBuilder AddCodingAgentStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var options = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (options.UsesS3)
        {
            services.AddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3));
            services.AddSingleton(sp => new S3BlobStore(
                sp.GetRequiredService<IAmazonS3>(),
                sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3.Bucket!,
                sp.GetRequiredService<ILogger<S3BlobStore>>()));
            services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<S3BlobStore>());
            services.AddSingleton<IBlobStoreHealth>(sp => sp.GetRequiredService<S3BlobStore>());
            services.AddHostedService<S3BucketInitializer>();
            services.AddSingleton<IDependencyFailureClassifier, S3FailureClassifier>();
        }
        else
        {
            services.AddSingleton(sp => new FileSystemBlobStore(sp.GetRequiredService<DataPaths>().Blobs));
            services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<FileSystemBlobStore>());
            services.AddSingleton<IBlobStoreHealth>(sp => sp.GetRequiredService<FileSystemBlobStore>());
        }
        services.AddSingleton<IDependencyCheck, StorageDependencyCheck>();
        return builder;
    }

    /// <summary>The client as the app configures it: each call bounded in time, checksums only where S3 requires them.</summary>
    internal static AmazonS3Client CreateClient(S3StorageOptions s3)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            AuthenticationRegion = s3.Region,
            Timeout = _attemptTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 1,
            // checksums only where S3 requires them: MinIO and s3rver do not all take the SDK's default CRC trailers
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = s3.ServiceUrl;
        }
        return string.IsNullOrWhiteSpace(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }
}
