using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Storage;

/// <summary>A blob store that can tell whether it is usable now (for <see cref="StorageDependencyCheck"/>).</summary>
public interface IBlobStoreHealth
{
    /// <summary>Ready, or what fails (never a key or a secret); bounded in time, never throws.</summary>
    Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken);
}
