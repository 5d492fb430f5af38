namespace CodingAgent.Web.Storage;

/// <summary>The <c>Storage:S3</c> settings: an S3-compatible service (MinIO, S3) and the bucket the app keeps its blobs in.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The service's address (http or https), e.g. <c>http://minio:9000</c>; empty means AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Created at start-up when missing.</summary>
    public string? Bucket { get; set; }

    /// <summary>With <see cref="SecretKey"/>; both empty means the AWS SDK's default credentials (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket in the path (<c>http://host/bucket/key</c>), as MinIO needs; false for virtual-hosted addresses.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
