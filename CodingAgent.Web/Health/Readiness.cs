using CodingAgent.Core.Ports;
using CodingAgent.Web.Api;

namespace CodingAgent.Web.Health;

/// <summary>Asks every <see cref="IDependencyCheck"/> at once, each bounded in time, for <c>GET /healthz/ready</c>.</summary>
internal static class Readiness
{
    private static readonly TimeSpan _perCheck = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyDictionary<string, DependencyStatusDto>> CheckAllAsync(IEnumerable<IDependencyCheck> checks, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(checks.Select(async check => (check.Name, Health: await CheckOneAsync(check, cancellationToken))));
        return results.ToDictionary(r => r.Name, r => new DependencyStatusDto(r.Health.IsReady ? "ready" : "unavailable", r.Health.Problem));
    }

    private static async Task<DependencyHealth> CheckOneAsync(IDependencyCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_perCheck);
        try
        {
            return await check.CheckAsync(timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DependencyHealth.NotReady($"No answer within {_perCheck.TotalSeconds:0} s.");
        }
        catch (Exception ex)
        {
            return DependencyHealth.NotReady(ex.GetType().Name + ": " + ex.Message);
        }
    }
}
