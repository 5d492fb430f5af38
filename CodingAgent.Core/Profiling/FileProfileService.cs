using System.Text;
using System.Text.Json;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// Profiles of a session's files, and cleaning: the chosen findings' steps run as one pandas script in the session's
/// own kernel (under the session's lock, so never beside a question), the file it writes becomes the next version,
/// and the script is recorded in the session's history.
/// </summary>
public sealed class FileProfileService(
    ISessionRepository repository,
    IFileProfileStore store,
    ProfilingQueue queue,
    ProfileRunner runner,
    WorkspaceFileService files,
    IWorkspaceFiles workspaces,
    ISandboxPool sandboxes,
    ISessionLocks locks,
    IOptions<ProfilingOptions> settings,
    IOptions<RunOptions> runOptions,
    TimeProvider time) : IFileProfiles
{
    public async Task<FileProfile?> GetAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken)
    {
        var fileName = FileNames.Validate(name);
        _ = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        if (await repository.GetFileAsync(sessionId, fileName, version, cancellationToken) is not { } file)
        {
            return null;
        }
        if (await store.GetAsync(sessionId, file.Name, file.Version, cancellationToken) is { } stored)
        {
            return stored.Profile with { Version = file.Version };
        }
        // a file stored before profiles existed: profiled now
        await queue.ScheduleAsync(file, cancellationToken);
        return FileProfile.Pending() with { Version = file.Version };
    }

    public async Task<CleaningPreview> PreviewCleaningAsync(Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken)
    {
        var (file, profile, steps) = await ResolveAsync(sessionId, name, findingIds, cancellationToken);
        var script = CleaningScript.BuildPreview(file.Name, profile, steps, settings.Value.PreviewSampleRows);
        var result = await RunInKernelAsync(sessionId, CleaningScript.Isolated(script), cancellationToken);
        var line = result.Stdout.Split('\n').LastOrDefault(l => l.StartsWith(CleaningScript.PreviewMarker, StringComparison.Ordinal))
            ?? throw new CleaningException("The preview printed no result.");
        return ParsePreview(CleaningScript.Tables(profile, steps)[0].Name, script, line[CleaningScript.PreviewMarker.Length..]);
    }

    public async Task<CleaningResult> CleanAsync(Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken)
    {
        var (file, profile, steps) = await ResolveAsync(sessionId, name, findingIds, cancellationToken);
        var format = CleaningScript.Tables(profile, steps)[0].Read.Format;
        if (!CleaningScript.CanWrite(format))
        {
            throw new CleaningException($"A {format} file cannot be written back in the sandbox; clean its CSV copy instead.");
        }
        var output = ".codingagent-clean-" + Guid.NewGuid().ToString("N") + Path.GetExtension(file.Name);
        var shown = CleaningScript.Build(file.Name, profile, steps, file.Name);
        var started = time.GetUtcNow();
        WorkspaceFile cleaned;
        ExecutionResult result;
        await using (var lease = await AcquireAsync(sessionId, cancellationToken))
        {
            try
            {
                result = await ExecuteAsync(sessionId, CleaningScript.Isolated(CleaningScript.Build(file.Name, profile, steps, output)), cancellationToken);
                await using var content = await OpenOutputAsync(sessionId, output, cancellationToken);
                cleaned = await files.SaveUploadAsync(sessionId, file.Name, content, cancellationToken, file.DerivedFrom, scheduleProfile: false);
            }
            finally
            {
                await workspaces.DeleteFileAsync(sessionId, output, CancellationToken.None);
            }
        }
        await RecordAsync(file, cleaned, steps, shown, result, started, cancellationToken);
        var cleanedProfile = await runner.RunAsync(new ProfilingJob(sessionId, cleaned.Name, cleaned.Version), cancellationToken);
        return new CleaningResult(cleaned.Name, cleaned.Version, shown, cleanedProfile);
    }

    /// <summary>The file the script wrote, opened without following a link; code that replaced it with anything else fails the cleaning.</summary>
    private async Task<Stream> OpenOutputAsync(Guid sessionId, string output, CancellationToken cancellationToken)
    {
        try
        {
            return await workspaces.OpenFileAsync(sessionId, output, files.MaxUploadBytes, cancellationToken)
                ?? throw new CleaningException("The cleaning script wrote no file.");
        }
        catch (IOException ex)
        {
            throw new CleaningException($"The file the cleaning script wrote cannot be stored: {ex.Message}.");
        }
    }

    private async Task<(WorkspaceFile File, FileProfile Profile, IReadOnlyList<ProfileFinding> Steps)> ResolveAsync(
        Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken)
    {
        var fileName = FileNames.Validate(name);
        _ = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        var file = await repository.GetFileAsync(sessionId, fileName, null, cancellationToken)
            ?? throw new CleaningException($"The session has no file named '{fileName}'.", notFound: true);
        var profile = (await store.GetAsync(sessionId, file.Name, file.Version, cancellationToken))?.Profile;
        if (profile is not { Status: ProfileStatuses.Ready })
        {
            throw new CleaningException(profile?.Status == ProfileStatuses.Failed
                ? $"'{file.Name}' could not be profiled, so it has no cleaning steps: {profile.Error}"
                : $"The profile of '{file.Name}' (version {file.Version}) is not ready yet; try again when it is.") { NotReady = true };
        }
        var wanted = findingIds.Where(id => !string.IsNullOrWhiteSpace(id)).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            throw new CleaningException("Choose at least one finding to clean.") { BadRequest = true };
        }
        var unknown = wanted.Where(id => profile.Findings.All(f => f.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new CleaningException($"'{file.Name}' (version {file.Version}) has no finding {string.Join(", ", unknown.Take(5).Select(id => "'" + id + "'"))}; read its profile again for the current findings.") { BadRequest = true };
        }
        // in the profile's order: the order of a request does not change the result
        return (file, profile, [.. profile.Findings.Where(f => wanted.Contains(f.Id))]);
    }

    private async Task<ExecutionResult> RunInKernelAsync(Guid sessionId, string code, CancellationToken cancellationToken)
    {
        await using var lease = await AcquireAsync(sessionId, cancellationToken);
        return await ExecuteAsync(sessionId, code, cancellationToken);
    }

    private async Task<ISessionLease> AcquireAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await locks.TryAcquireAsync(sessionId, Guid.NewGuid(), runOptions.Value.LockTimeToLive, cancellationToken)
            ?? throw new RunInProgressException(await locks.GetHolderAsync(sessionId, cancellationToken) ?? Guid.Empty);

    private async Task<ExecutionResult> ExecuteAsync(Guid sessionId, string code, CancellationToken cancellationToken)
    {
        await files.RestoreWorkspaceAsync(sessionId, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.Value.CleaningTimeoutSeconds));
        var kernel = await sandboxes.GetKernelAsync(sessionId, timeout.Token);
        ExecutionResult result;
        try
        {
            result = await kernel.ExecuteAsync(code, null, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CleaningException($"The cleaning script ran longer than {settings.Value.CleaningTimeoutSeconds} s and was stopped.");
        }
        if (!result.Succeeded)
        {
            var error = result.Error is { } e ? $"{e.Type}: {e.Message}" : "it stopped without a result";
            throw new CleaningException("The cleaning script failed: " + (error.Length > 2000 ? error[..2000] + "…" : error));
        }
        return result;
    }

    private async Task RecordAsync(WorkspaceFile before, WorkspaceFile after, IReadOnlyList<ProfileFinding> steps, string code, ExecutionResult result, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var content = new StringBuilder()
            .Append("Cleaned `").Append(after.Name).Append("` with ").Append(steps.Count).Append(steps.Count == 1 ? " step" : " steps")
            .Append(": saved as version ").Append(after.Version).Append(" (version ").Append(before.Version).Append(" is kept).\n\n");
        foreach (var step in steps)
        {
            content.Append("- ").Append(step.Message.ReplaceLineEndings(" ")).Append('\n');
        }
        var message = new ConversationMessage
        {
            Id = Guid.NewGuid(),
            SessionId = after.SessionId,
            Role = MessageRoles.Assistant,
            Content = content.ToString(),
            CreatedAt = started,
            Status = RunStatuses.Completed,
        };
        await repository.AddMessageAsync(message, cancellationToken);
        await repository.AddStepAsync(new ExecutionStep
        {
            Id = Guid.NewGuid(),
            MessageId = message.Id,
            Index = 1,
            Code = code,
            Stdout = result.Stdout,
            Stderr = result.Stderr,
            Succeeded = true,
            DurationMs = result.Duration.TotalMilliseconds,
            CreatedAt = started,
        }, cancellationToken);
    }

    private static CleaningPreview ParsePreview(string table, string code, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        // code in the kernel could forge the line: the bounds are applied again here
        static IReadOnlyList<string> Columns(JsonElement e) =>
            [.. e.EnumerateArray().Take(FilePreviewService.MaxColumns * 10).Select(c => Cut(c.GetString() ?? ""))];
        static IReadOnlyList<IReadOnlyList<JsonElement>> Rows(JsonElement e) =>
            [.. e.EnumerateArray().Take(CleaningScript.PreviewRows).Select(r => (IReadOnlyList<JsonElement>)[.. r.EnumerateArray().Take(FilePreviewService.MaxColumns * 10).Select(Cell)])];
        return new CleaningPreview(code, table,
            root.GetProperty("sampleRows").GetInt32(), root.GetProperty("rowsAfter").GetInt32(),
            Columns(root.GetProperty("columnsBefore")), Rows(root.GetProperty("before")),
            Columns(root.GetProperty("columnsAfter")), Rows(root.GetProperty("after")));
    }

    private static JsonElement Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.SerializeToElement(Cut(value.GetString() ?? "")),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => value.Clone(),
        _ => JsonSerializer.SerializeToElement(Cut(value.GetRawText())),
    };

    private static string Cut(string text) =>
        text.Length <= CleaningScript.PreviewCellChars ? text : text[..(CleaningScript.PreviewCellChars - 1)] + "…";
}
