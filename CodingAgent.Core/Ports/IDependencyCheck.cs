namespace CodingAgent.Core.Ports;

/// <summary>One dependency the app needs (sandbox, database, Redis, blob storage), as reported by <c>GET /healthz/ready</c>.</summary>
public interface IDependencyCheck
{
    /// <summary>Short and stable: <c>sandbox</c>, <c>database</c>, <c>redis</c>, <c>storage</c>.</summary>
    string Name { get; }

    /// <summary>Whether the dependency answers now; bounded in time by the implementation (a few seconds), never throws.</summary>
    Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken);
}
