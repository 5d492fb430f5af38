namespace CodingAgent.Core.Ports;

/// <summary>Bytes by key: uploads and artifact contents (filesystem by default, S3-compatible storage in deployments).</summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> (read once, to its end, of any length and not seekable) under <paramref name="key"/>, replacing what was there.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The content under <paramref name="key"/>, or null: a readable, seekable stream whose Length is the content's size (for range requests).</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the blob under <paramref name="key"/>; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes every blob whose key starts with <paramref name="prefix"/>.</summary>
    Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken);
}
