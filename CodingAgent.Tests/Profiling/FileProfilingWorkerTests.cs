using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Profiling;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Data;
using CodingAgent.Web.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CodingAgent.Tests.Profiling;

/// <summary>The background profiling on a real SQLite store and filesystem blobs, with a profiler that records what it was asked.</summary>
public sealed class FileProfilingWorkerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("profiling-worker-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private DatabaseHost _database = null!;

    public async Task InitializeAsync() => _database = await DatabaseHost.SqliteAsync(_folder);

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await AppData.DeleteAsync(_folder);
    }

    [Fact]
    public async Task A_pending_profile_nobody_advanced_is_taken_up_again_and_a_recent_one_is_left_to_its_instance()
    {
        var blobs = new FileSystemBlobStore(Path.Combine(_folder, "blobs"));
        var store = new EfFileProfileStore(_database.Contexts);
        var session = await _database.Sessions.CreateSessionAsync("worker", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        foreach (var name in new[] { "stale.csv", "recent.csv" })
        {
            var key = BlobKeys.FileVersion(session.Id, Guid.NewGuid());
            await blobs.PutAsync(key, new MemoryStream("a\n1\n"u8.ToArray()), CancellationToken.None);
            await _database.Sessions.AddFileVersionAsync(new WorkspaceFile { SessionId = session.Id, Name = name, Size = 4, Sha256 = "00", CreatedAt = _time.GetUtcNow(), BlobKey = key }, CancellationToken.None);
        }
        // an instance died while profiling stale.csv ten minutes ago; another is busy with recent.csv right now
        await store.SaveAsync(new StoredProfile(session.Id, "stale.csv", 1, FileProfile.Pending(0.4), _time.GetUtcNow() - TimeSpan.FromMinutes(10)), CancellationToken.None);
        await store.SaveAsync(new StoredProfile(session.Id, "recent.csv", 1, FileProfile.Pending(0.4), _time.GetUtcNow() - TimeSpan.FromSeconds(10)), CancellationToken.None);
        var profiler = new RecordingProfiler();
        var runner = new ProfileRunner(_database.Sessions, blobs, profiler, store, _time, NullLogger<ProfileRunner>.Instance);
        var worker = new FileProfilingWorker(new ProfilingQueue(store, _time), runner, store, Options.Create(new ProfilingOptions { StaleSeconds = 120 }),
            new StartedLifetime(), _time, NullLogger<FileProfilingWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Poll.UntilAsync(async () => (await store.GetAsync(session.Id, "stale.csv", 1, CancellationToken.None))!.Profile.Status == ProfileStatuses.Ready, "the stale profile is made again");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        Assert.Equal(["stale.csv"], profiler.Files);
        var stale = (await store.GetAsync(session.Id, "stale.csv", 1, CancellationToken.None))!.Profile;
        Assert.Equal(1, stale.Version);
        Assert.Equal(1, stale.Progress);
        Assert.Equal(ProfileStatuses.Pending, (await store.GetAsync(session.Id, "recent.csv", 1, CancellationToken.None))!.Profile.Status);
    }

    [Fact]
    public async Task A_profiler_that_throws_leaves_a_failed_profile_that_says_so()
    {
        var blobs = new FileSystemBlobStore(Path.Combine(_folder, "blobs"));
        var store = new EfFileProfileStore(_database.Contexts);
        var session = await _database.Sessions.CreateSessionAsync("worker", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        var key = BlobKeys.FileVersion(session.Id, Guid.NewGuid());
        await blobs.PutAsync(key, new MemoryStream("a\n1\n"u8.ToArray()), CancellationToken.None);
        await _database.Sessions.AddFileVersionAsync(new WorkspaceFile { SessionId = session.Id, Name = "t.csv", Size = 4, Sha256 = "00", CreatedAt = _time.GetUtcNow(), BlobKey = key }, CancellationToken.None);
        var runner = new ProfileRunner(_database.Sessions, blobs, new RecordingProfiler { Throw = true }, store, _time, NullLogger<ProfileRunner>.Instance);

        var profile = await runner.RunAsync(new ProfilingJob(session.Id, "t.csv", 1), CancellationToken.None);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Equal("The profiler could not run: bubblewrap refused", profile.Error);
        Assert.Equal(ProfileStatuses.Failed, (await store.GetAsync(session.Id, "t.csv", 1, CancellationToken.None))!.Profile.Status);
    }

    private sealed class RecordingProfiler : IFileProfiler
    {
        private readonly List<string> _files = [];

        public bool Throw { get; init; }

        public IReadOnlyList<string> Files
        {
            get
            {
                lock (_files)
                {
                    return [.. _files];
                }
            }
        }

        public Task<FileProfile> ProfileAsync(string path, string fileName, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            if (Throw)
            {
                throw new InvalidOperationException("bubblewrap refused");
            }
            lock (_files)
            {
                _files.Add(fileName);
            }
            Assert.Equal("a\n1\n", File.ReadAllText(path));
            return Task.FromResult(new FileProfile(ProfileStatuses.Ready, null, [], [], "csv", 1));
        }
    }

    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(canceled: true);
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
