using System.Collections.Concurrent;
using CodingAgent.Core.Artifacts;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Dashboards;

/// <summary>
/// Recomputes pinned artifacts: the producing step and the steps it depended on (<see cref="DashboardSteps"/>) run
/// again in a fresh sandbox session of their own (never the user's live kernel) whose workspace holds the current
/// version of each of the session's files; the new artifact of the same kind (and name, else position) becomes the
/// tile's current one. A failure keeps the previous artifact and records why. The temporary sandbox session is
/// removed afterwards. The tiles of one dashboard are refreshed one at a time (on this instance).
/// </summary>
public sealed partial class DashboardRefresher(
    IDashboardRepository dashboards,
    ISessionRepository sessions,
    IBlobStore blobs,
    ISandboxPool sandboxes,
    IWorkspaceFiles workspaces,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    ILogger<DashboardRefresher> logger)
{
    public const int MaxErrorLength = 4000;

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    /// <summary>Refreshes every tile of a dashboard in order; the tiles as stored afterwards (empty for an unknown dashboard).</summary>
    public async Task<IReadOnlyList<DashboardTile>> RefreshAllAsync(Guid dashboardId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(dashboardId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var tile in await dashboards.ListTilesAsync(dashboardId, cancellationToken))
            {
                await RefreshAsync(tile, cancellationToken);
            }
            return await dashboards.ListTilesAsync(dashboardId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Refreshes one tile; the tile as stored afterwards, or null for an unknown tile.</summary>
    public async Task<DashboardTile?> RefreshTileAsync(Guid dashboardId, Guid tileId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(dashboardId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await dashboards.GetTileAsync(dashboardId, tileId, cancellationToken) is not { } tile)
            {
                return null;
            }
            await RefreshAsync(tile, cancellationToken);
            return await dashboards.GetTileAsync(dashboardId, tileId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshAsync(DashboardTile tile, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.RefreshTimeoutSeconds);
        using var bounded = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bounded.Token);
        try
        {
            var artifact = await ComputeAsync(tile, linked.Token);
            await StoreAsync(tile, artifact, cancellationToken);
            LogRefreshed(logger, tile.Id, tile.DashboardId);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await FailAsync(tile, $"The refresh took longer than {options.Value.RefreshTimeoutSeconds} s (Dashboards:RefreshTimeoutSeconds) and was stopped.");
        }
        catch (RefreshFailedException ex)
        {
            await FailAsync(tile, ex.Message);
        }
    }

    private async Task FailAsync(DashboardTile tile, string error)
    {
        LogRefreshFailed(logger, tile.Id, tile.DashboardId, error);
        var bounded = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        await dashboards.SetFailedAsync(tile.Id, bounded, time.GetUtcNow(), CancellationToken.None);
    }

    private async Task<ComputedArtifact> ComputeAsync(DashboardTile tile, CancellationToken cancellationToken)
    {
        const string SourceGone = "The session this was pinned from was deleted with its code and files, so it cannot be recomputed. Remove the tile, or pin the chart again from another session.";
        if (tile.SessionId is not { } sessionId || tile.SourceArtifactId is not { } sourceId
            || await sessions.GetArtifactAsync(sourceId, cancellationToken) is not { } source)
        {
            throw new RefreshFailedException(SourceGone);
        }
        if (source.StepId is not { } stepId)
        {
            throw new RefreshFailedException("This artifact was not produced by a code step, so there is no code to re-run.");
        }
        var steps = DashboardSteps.Select(await sessions.ListMessagesAsync(sessionId, cancellationToken), stepId)
            ?? throw new RefreshFailedException("The step that produced this artifact is no longer stored, so there is no code to re-run.");
        var siblings = (await sessions.ListArtifactsAsync(sessionId, cancellationToken))
            .Where(a => a.StepId == stepId && a.Kind == source.Kind)
            .OrderBy(a => a.CreatedAt)
            .ToList();
        var ordinal = Math.Max(0, siblings.FindIndex(a => a.Id == source.Id));
        var files = await sessions.ListFilesAsync(sessionId, cancellationToken);

        // a sandbox session of its own: a fresh kernel and workspace, whatever the user's kernel holds or runs
        var sandboxId = Guid.NewGuid();
        try
        {
            IKernel kernel;
            try
            {
                kernel = await sandboxes.GetKernelAsync(sandboxId, cancellationToken);
                foreach (var file in files)
                {
                    await using var stored = await blobs.OpenReadAsync(file.ContentKey, cancellationToken);
                    if (stored is not null)
                    {
                        await workspaces.PutFileAsync(sandboxId, file.Name, stored, cancellationToken);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new RefreshFailedException($"The sandbox could not be prepared: {ex.Message}");
            }
            var read = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var producing = i == steps.Count - 1;
                var result = await kernel.ExecuteAsync(step.Code, null, cancellationToken);
                // a cancelled execution is interrupted and reports KeyboardInterrupt: the time bound is the reason
                cancellationToken.ThrowIfCancellationRequested();
                read.UnionWith(result.FilesRead);
                // a step that failed originally and still made the artifact is judged by the artifact, not its error
                if (result.Error is { } error && !(producing && !step.Succeeded))
                {
                    throw new RefreshFailedException(producing
                        ? $"{error.Type}: {error.Message}"
                        : $"An earlier step it depends on ({i + 1} of {steps.Count}) failed: {error.Type}: {error.Message}");
                }
                if (producing)
                {
                    var inputs = files.Where(f => read.Contains(f.Name)).Select(f => new FileVersionRef(f.Name, f.Version, f.Sha256));
                    return new ComputedArtifact(Pick(result.Artifacts, source, ordinal), sessionId, FileVersionRefs.Serialize(inputs));
                }
            }
            throw new RefreshFailedException("There is no code to re-run.");
        }
        finally
        {
            await sandboxes.RemoveSessionAsync(sandboxId, CancellationToken.None);
        }
    }

    /// <summary>The re-run's artifact that stands for the pinned one: same kind and name, else the same position among that kind.</summary>
    private static KernelArtifact Pick(IReadOnlyList<KernelArtifact> produced, Artifact source, int ordinal)
    {
        var ofKind = produced.Where(a => a.Kind == source.Kind).ToList();
        return ofKind.FirstOrDefault(a => a.Name == source.Name)
            ?? (ordinal < ofKind.Count ? ofKind[ordinal] : ofKind.FirstOrDefault())
            ?? throw new RefreshFailedException($"The code ran but no longer produces a {source.Kind}.");
    }

    private async Task StoreAsync(DashboardTile tile, ComputedArtifact computed, CancellationToken cancellationToken)
    {
        var produced = computed.Produced;
        // a figure from model code is hostile: stored without links and sources elsewhere, as in a run
        var bytes = produced.Kind == ArtifactKinds.Chart ? PlotlyFigureSanitizer.Sanitize(produced.Content) : produced.Content;
        var now = time.GetUtcNow();
        var artifact = new Artifact
        {
            Id = Guid.NewGuid(),
            SessionId = computed.SessionId,
            Kind = produced.Kind,
            Name = produced.Name.Length > 200 ? produced.Name[..200] : produced.Name,
            MediaType = produced.MediaType.Length > 200 ? produced.MediaType[..200] : produced.MediaType,
            Size = bytes.LongLength,
            CreatedAt = now,
            InputFiles = computed.InputFiles,
        };
        using (var content = new MemoryStream(bytes, writable: false))
        {
            await blobs.PutAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), content, cancellationToken);
        }
        // a table longer than its preview keeps its whole rows, as in a run, so the tile pages, sorts and downloads them all
        if (produced.Rows is { } rows)
        {
            using var content = new MemoryStream(rows, writable: false);
            await blobs.PutAsync(BlobKeys.ArtifactRows(artifact.SessionId, artifact.Id), content, cancellationToken);
        }
        if (!await dashboards.SetComputedAsync(tile.Id, artifact, now, CancellationToken.None))
        {
            // the tile or its session went away meanwhile: the blob stays under the session's prefix (deleted with it)
            LogDiscarded(logger, tile.Id, tile.DashboardId);
        }
    }

    private sealed record ComputedArtifact(KernelArtifact Produced, Guid SessionId, string InputFiles);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard {DashboardId}: tile {TileId} recomputed.")]
    private static partial void LogRefreshed(ILogger logger, Guid tileId, Guid dashboardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard {DashboardId}: tile {TileId} was removed, or its session deleted, while it was recomputed; the result is discarded.")]
    private static partial void LogDiscarded(ILogger logger, Guid tileId, Guid dashboardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard {DashboardId}: tile {TileId} could not be recomputed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, Guid tileId, Guid dashboardId, string reason);
}
