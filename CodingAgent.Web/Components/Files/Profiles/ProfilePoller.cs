using CodingAgent.Core.Profiling;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>
/// The profiles of the files a page shows: fetched once per file version, then fetched again every
/// <see cref="Interval"/> while any is pending. Polling stops when none is pending and on dispose. Runs on the
/// component's dispatcher (its awaits resume there), so its state needs no locks.
/// </summary>
public sealed partial class ProfilePoller(IFileProfiles profiles, TimeProvider time, Func<Task> changed, ILogger logger) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, (ProfiledFile File, FileProfile Profile)> _known = new(StringComparer.Ordinal);
    private readonly HashSet<ProfiledFile> _fetching = [];
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<ProfiledFile> _files = [];
    private bool _polling;

    /// <summary>The profile of each tracked file that has one, by file name.</summary>
    public IReadOnlyDictionary<string, FileProfile> Profiles => _known.ToDictionary(k => k.Key, k => k.Value.Profile, StringComparer.Ordinal);

    public bool IsPolling => _polling;

    /// <summary>Shows the profiles of <paramref name="files"/> from now on: fetches those not known for that version, then polls the pending ones.</summary>
    public async Task TrackAsync(IReadOnlyList<ProfiledFile> files)
    {
        _files = files;
        foreach (var gone in _known.Keys.Where(name => !files.Any(f => f.Name == name)).ToList())
        {
            _known.Remove(gone);
        }
        // a page renders often (every streamed token): a file already being fetched is not fetched again
        var unknown = files.Where(f => !_fetching.Contains(f) && (!_known.TryGetValue(f.Name, out var known) || known.File != f)).ToList();
        if (unknown.Count > 0)
        {
            await FetchAsync(unknown);
            await changed();
        }
        if (!_polling && !_stop.IsCancellationRequested && AnyPending())
        {
            _polling = true;
            _ = PollAsync();
        }
    }

    private bool AnyPending() => _known.Values.Any(k => k.Profile.Status == ProfileStatuses.Pending);

    private async Task PollAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(Interval, time);
            // a tick that came before the wait returns true even once disposed: the stop is checked after it too
            while (AnyPending() && await timer.WaitForNextTickAsync(_stop.Token) && !_stop.IsCancellationRequested)
            {
                await FetchAsync(_files.Where(f => _known.TryGetValue(f.Name, out var k) && k.Profile.Status == ProfileStatuses.Pending).ToList());
                await changed();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // disposed
        }
        finally
        {
            _polling = false;
        }
    }

    private async Task FetchAsync(IReadOnlyList<ProfiledFile> files)
    {
        foreach (var file in files)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }
            FileProfile? profile;
            _fetching.Add(file);
            try
            {
                profile = await profiles.GetAsync(file.SessionId, file.Name, null, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFetchFailed(logger, file.Name, ex);
                profile = FileProfile.Failed("The profile could not be loaded; reopen the session to try again.");
            }
            finally
            {
                _fetching.Remove(file);
            }
            if (_files.Contains(file))
            {
                if (profile is null)
                {
                    _known.Remove(file.Name);
                }
                else
                {
                    _known[file.Name] = (file, profile);
                }
            }
        }
    }

    /// <summary>Stops polling and any fetch under way (the token source stays undisposed: a fetch that has not started yet still reads its token).</summary>
    public void Dispose() => _stop.Cancel();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the profile of {Name}")]
    private static partial void LogFetchFailed(ILogger logger, string name, Exception exception);
}
