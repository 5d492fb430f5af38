namespace CodingAgent.Web.Components.Files;

public enum UploadStatus
{
    /// <summary>Chosen; waiting for its session.</summary>
    Waiting,

    /// <summary>Bytes are being sent.</summary>
    Sending,

    /// <summary>Every byte was sent; the server is storing the file.</summary>
    Storing,
    Done,
    Failed,
    Cancelled,
}
