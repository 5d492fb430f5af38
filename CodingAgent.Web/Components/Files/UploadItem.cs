namespace CodingAgent.Web.Components.Files;

/// <summary>One file being uploaded from the page: its progress and outcome (the error in words when it failed).</summary>
public sealed class UploadItem(string id, string name, long size)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public long Size { get; } = size;
    public long Sent { get; set; }
    public UploadStatus Status { get; set; } = UploadStatus.Waiting;
    public string? Error { get; set; }

    public bool IsActive => Status is UploadStatus.Waiting or UploadStatus.Sending or UploadStatus.Storing;

    /// <summary>0–100.</summary>
    public double Percent => Status is UploadStatus.Done or UploadStatus.Storing ? 100 : Size <= 0 ? 0 : Math.Min(100, Sent * 100.0 / Size);
}
