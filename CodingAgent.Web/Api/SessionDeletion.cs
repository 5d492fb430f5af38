using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Web.Api;

/// <summary>
/// Deletes a session everywhere: its run (wherever it executes), its kernel and workspace cache on every instance,
/// its blobs and its rows.
/// </summary>
public sealed class SessionDeletion(ISessionRepository sessions, RunManager runs, ISandboxPool sandboxes, WorkspaceFileService files, IBlobStore blobs, IClusterBus bus, Audit.AuditRecorder audit, Sharing.ShareStore shares, TimeProvider time)
{
    private static readonly TimeSpan _waitForRun = TimeSpan.FromSeconds(10);

    public async Task<bool> DeleteAsync(Guid id, Core.Users.CurrentUser user, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return false;
        }
        await audit.RequireAsync(user, Core.Audit.AuditActions.SessionDeleted, id, "", cancellationToken);
        if (await runs.GetActiveRunIdAsync(id, cancellationToken) is { } runId)
        {
            await runs.CancelAsync(id, runId, cancellationToken);
            var started = time.GetTimestamp();
            while (time.GetElapsedTime(started) < _waitForRun
                && await sessions.GetRunAsync(runId, cancellationToken) is { } run && !RunStatuses.IsFinished(run.Status))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
        }
        // every other instance drops its kernel and its copy of the workspace; this one does it now
        await bus.PublishSignalAsync(new ClusterSignal(ClusterSignalKinds.SessionDeleted, id, null), cancellationToken);
        files.ForgetWorkspace(id);
        await sandboxes.RemoveSessionAsync(id, cancellationToken);
        await blobs.DeleteByPrefixAsync(BlobKeys.SessionPrefix(id), cancellationToken);
        await shares.RemoveAllAsync(Sharing.ShareKinds.Session, id, cancellationToken);
        return await sessions.DeleteSessionAsync(id, cancellationToken);
    }
}
