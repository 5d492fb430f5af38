using CodingAgent.Core.Profiling;

namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>
/// What the profile dialog of one file shows and does: the chosen findings, a cleaning tried on a sample, a cleaning
/// applied (with the profile before it), and why a cleaning could not run.
/// </summary>
public sealed class ProfileDialogState(IFileProfiles profiles, ProfiledFile file, bool mayClean, Core.Users.CurrentUser user, Audit.AuditRecorder? audit = null, Access.StorageQuota? quota = null)
{
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);

    public ProfiledFile File { get; } = file;
    public IReadOnlySet<string> Selected => _selected;
    public CleaningPreview? Preview { get; private set; }
    public CleaningResult? Result { get; private set; }

    /// <summary>The profile before the last cleaning applied.</summary>
    public FileProfile? Before { get; private set; }

    /// <summary>Why the last cleaning or its preview could not run.</summary>
    public string? Error { get; private set; }

    public bool Busy { get; private set; }

    /// <summary>Whether a cleaning can be tried or applied now: by the session's owner (cleaning runs code and writes a version), with findings chosen.</summary>
    public bool CanClean => mayClean && !Busy && _selected.Count > 0;

    /// <summary>Chooses or unchooses a finding's step; a preview of other steps no longer applies.</summary>
    public void Toggle(string findingId)
    {
        if (!_selected.Remove(findingId))
        {
            _selected.Add(findingId);
        }
        Preview = null;
    }

    /// <summary>Tries the chosen steps of <paramref name="current"/> on a sample.</summary>
    public Task PreviewAsync(FileProfile current, CancellationToken cancellationToken) => RunAsync(current, cancellationToken, async ids =>
        Preview = await profiles.PreviewCleaningAsync(File.SessionId, File.Name, ids, cancellationToken));

    /// <summary>Applies the chosen steps; <paramref name="current"/> is the profile they were chosen from.</summary>
    public Task ApplyAsync(FileProfile current, CancellationToken cancellationToken) => RunAsync(current, cancellationToken, async ids =>
    {
        if (audit is not null)
        {
            await audit.RequireAsync(user, Core.Audit.AuditActions.Cleaning, File.SessionId, $"{File.Name} ({ids.Count} findings)", cancellationToken);
        }
        if (quota is not null)
        {
            await quota.EnsureRoomForNewVersionAsync(File.SessionId, File.Name, cancellationToken);
        }
        Result = await profiles.CleanAsync(File.SessionId, File.Name, ids, cancellationToken);
        Before = current;
        Preview = null;
        _selected.Clear();
    });

    /// <summary>Runs <paramref name="work"/> on the chosen findings' ids, in the order of the profile's findings.</summary>
    private async Task RunAsync(FileProfile current, CancellationToken cancellationToken, Func<IReadOnlyList<string>, Task> work)
    {
        if (!mayClean)
        {
            Error = "This file is in a session shared with you read-only: only its owner can clean it.";
            return;
        }
        Busy = true;
        Error = null;
        try
        {
            await work([.. current.Findings.Select(f => f.Id).Where(_selected.Contains)]);
        }
        catch (CleaningException ex)
        {
            Error = ex.Message;
        }
        catch (Exception ex) when (ex is Core.Audit.AuditUnavailableException or Core.Users.QuotaExceededException)
        {
            Error = ex.Message;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the dialog closed: nobody waits for the outcome
        }
        finally
        {
            Busy = false;
        }
    }
}
