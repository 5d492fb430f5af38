namespace CodingAgent.Web.Storage;

/// <summary>Where uploads, file versions and artifact contents are kept: the <c>Storage</c> settings.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";
    public const string FileSystem = "FileSystem";
    public const string S3Provider = "S3";

    /// <summary><c>FileSystem</c> (the data folder's <c>blobs</c>, the default) or <c>S3</c> (an S3-compatible bucket).</summary>
    public string Provider { get; set; } = FileSystem;

    public S3StorageOptions S3 { get; set; } = new();

    public bool UsesS3 => string.Equals(Provider, S3Provider, StringComparison.OrdinalIgnoreCase);
}
