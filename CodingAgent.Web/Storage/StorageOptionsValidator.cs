using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Storage;

/// <summary>Checks the <c>Storage</c> settings at start-up; every message names the setting to fix (never its secret value).</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!options.UsesS3 && !string.Equals(options.Provider, StorageOptions.FileSystem, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Storage:Provider is '{options.Provider}'; it must be {StorageOptions.FileSystem} or {StorageOptions.S3Provider}.");
        }
        if (options.UsesS3)
        {
            var s3 = options.S3;
            if (string.IsNullOrWhiteSpace(s3.Bucket))
            {
                failures.Add("Storage:S3:Bucket is required when Storage:Provider is S3.");
            }
            else if (!BucketName().IsMatch(s3.Bucket))
            {
                failures.Add($"Storage:S3:Bucket '{s3.Bucket}' is not a valid bucket name (3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit).");
            }
            if (!string.IsNullOrWhiteSpace(s3.ServiceUrl)
                && !(Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            {
                failures.Add($"Storage:S3:ServiceUrl '{s3.ServiceUrl}' must be an absolute http:// or https:// address.");
            }
            if (string.IsNullOrWhiteSpace(s3.AccessKey) != string.IsNullOrWhiteSpace(s3.SecretKey))
            {
                failures.Add("Storage:S3:AccessKey and Storage:S3:SecretKey must be set together (or both left empty for the AWS SDK's default credentials).");
            }
            if (string.IsNullOrWhiteSpace(s3.Region))
            {
                failures.Add("Storage:S3:Region must not be empty (us-east-1 when in doubt).");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
