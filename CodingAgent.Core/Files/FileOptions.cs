namespace CodingAgent.Core.Files;

public sealed class FileOptions
{
    public const string SectionName = "Files";

    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxUploadMb { get; set; } = 200;

    public long MaxUploadBytes => (long)MaxUploadMb * 1024 * 1024;
}
