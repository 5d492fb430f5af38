using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Storage;

/// <summary>Blob storage as a readiness dependency: the bucket answers (S3) or the blob folder is writable (filesystem).</summary>
internal sealed class StorageDependencyCheck(IBlobStoreHealth store) : IDependencyCheck
{
    public string Name => "storage";

    public Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken) => store.CheckAsync(cancellationToken);
}
