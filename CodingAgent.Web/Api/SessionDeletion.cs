using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Web.Api;

/// <summary>Deletes a session everywhere: its run, kernel and workspace, blobs and rows.</summary>
public sealed class SessionDeletion(ISessionRepository sessions, RunManager runs, ISandboxPool sandboxes, IBlobStore blobs)
{
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return false;
        }
        if (runs.GetActiveRun(id) is { } run)
        {
            run.Cancel();
            await Task.WhenAny(run.Finished, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
        }
        await sandboxes.RemoveSessionAsync(id, cancellationToken);
        await blobs.DeleteByPrefixAsync(BlobKeys.SessionPrefix(id), cancellationToken);
        return await sessions.DeleteSessionAsync(id, cancellationToken);
    }
}
