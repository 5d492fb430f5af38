using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Tests.Database;

/// <summary>
/// What every <see cref="ISessionRepository"/> and <see cref="IRunEventStore"/> must do, run against each provider on a
/// fresh, migrated database per test.
/// </summary>
public abstract class RepositoryContractTests : IAsyncLifetime
{
    private static readonly CancellationToken _none = CancellationToken.None;
    private DatabaseHost _database = null!;

    private ISessionRepository Sessions => _database.Sessions;
    private IRunEventStore Events => _database.Events;

    protected abstract Task<DatabaseHost> OpenDatabaseAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _database = await OpenDatabaseAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await CleanUpAsync();
    }

    [Fact]
    public async Task Lists_and_searches_hold_the_users_own_sessions_and_those_shared_with_them_and_tokens_sum_per_owner()
    {
        var alices = await Sessions.CreateSessionAsync("alice revenue", "alice", _none);
        var bobsPrivate = await Sessions.CreateSessionAsync("bob revenue", "bob", _none);
        var bobsShared = await Sessions.CreateSessionAsync("bob shared revenue", "bob", _none);
        await _database.ShareAsync(CodingAgent.Web.Sharing.ShareKinds.Session, bobsShared.Id, "alice");
        await Sessions.AddMessageAsync(new ConversationMessage
        {
            Id = Guid.NewGuid(), SessionId = bobsShared.Id, Role = MessageRoles.Assistant, Content = "answer", CreatedAt = DateTimeOffset.UtcNow,
            InputTokens = 100, OutputTokens = 20,
        }, _none);

        Assert.Equal(new[] { alices.Id, bobsShared.Id }.Order(), (await Sessions.ListSessionsAsync("alice", _none)).Select(s => s.Id).Order());
        Assert.Equal(new[] { bobsPrivate.Id, bobsShared.Id }.Order(), (await Sessions.ListSessionsAsync("bob", _none)).Select(s => s.Id).Order());
        Assert.Equal(new[] { alices.Id, bobsShared.Id }.Order(), (await Sessions.SearchSessionsAsync("alice", "revenue", _none)).Select(s => s.Id).Order());
        Assert.Empty(await Sessions.ListSessionsAsync("carol", _none));
        Assert.Equal("bob", (await Sessions.GetSessionAsync(bobsShared.Id, _none))!.OwnerId);
        // the tokens of a shared session count for its owner, not for whom it is shared with
        Assert.Equal(120, (await Sessions.SumTokensAsync(null, "bob", null, _none)).Total);
        Assert.Equal(0, (await Sessions.SumTokensAsync(null, "alice", null, _none)).Total);
        Assert.Equal(120, (await Sessions.SumTokensAsync(null, null, null, _none)).Total);
    }

    [Fact]
    public async Task Sessions_are_created_read_listed_newest_first_renamed_and_deleted()
    {
        var first = await Sessions.CreateSessionAsync("first", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var second = await Sessions.CreateSessionAsync("second", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);

        Assert.Equal("first", (await Sessions.GetSessionAsync(first.Id, _none))!.Title);
        Assert.Null(await Sessions.GetSessionAsync(Guid.NewGuid(), _none));
        Assert.Equal([second.Id, first.Id], (await Sessions.ListSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, _none)).Select(s => s.Id));

        await Sessions.RenameSessionAsync(first.Id, "renamed", _none);
        var renamed = (await Sessions.GetSessionAsync(first.Id, _none))!;
        Assert.Equal("renamed", renamed.Title);
        Assert.Equal([first.Id, second.Id], (await Sessions.ListSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, _none)).Select(s => s.Id));

        Assert.True(await Sessions.DeleteSessionAsync(first.Id, _none));
        Assert.False(await Sessions.DeleteSessionAsync(first.Id, _none));
        Assert.Equal([second.Id], (await Sessions.ListSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, _none)).Select(s => s.Id));
    }

    [Fact]
    public async Task Search_finds_sessions_by_title_or_message_case_insensitively_and_takes_wildcards_literally()
    {
        var revenue = await Sessions.CreateSessionAsync("Revenue by Region", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var churn = await Sessions.CreateSessionAsync("Churn", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var discount = await Sessions.CreateSessionAsync("Discounts", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        await Sessions.AddMessageAsync(new ConversationMessage { Id = Guid.NewGuid(), SessionId = churn.Id, Role = MessageRoles.User, Content = "Which COHORT churns most?", CreatedAt = DateTimeOffset.UtcNow }, _none);
        await Sessions.AddMessageAsync(new ConversationMessage { Id = Guid.NewGuid(), SessionId = discount.Id, Role = MessageRoles.Assistant, Content = "Orders with 100% off_price: 3", CreatedAt = DateTimeOffset.UtcNow }, _none);
        await Sessions.AddMessageAsync(new ConversationMessage { Id = Guid.NewGuid(), SessionId = revenue.Id, Role = MessageRoles.User, Content = "100 percent, offXprice", CreatedAt = DateTimeOffset.UtcNow }, _none);

        Assert.Equal([revenue.Id], (await Sessions.SearchSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id,"revenue BY", _none)).Select(s => s.Id));
        Assert.Equal([churn.Id], (await Sessions.SearchSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id,"cohort", _none)).Select(s => s.Id));
        // % and _ are characters, not wildcards
        Assert.Equal([discount.Id], (await Sessions.SearchSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id,"100%", _none)).Select(s => s.Id));
        Assert.Equal([discount.Id], (await Sessions.SearchSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id,"off_price", _none)).Select(s => s.Id));
        Assert.Empty(await Sessions.SearchSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id,"nothing like this", _none));
        // most recently active first, as the list
        Assert.Equal([revenue.Id, discount.Id, churn.Id], (await Sessions.SearchSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id,"r", _none)).Select(s => s.Id));
    }

    [Fact]
    public async Task Times_are_stored_in_utc_and_read_back()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var session = await Sessions.CreateSessionAsync("t", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var read = (await Sessions.GetSessionAsync(session.Id, _none))!;

        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.InRange(read.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        // PostgreSQL keeps microseconds, SQLite's sortable number 10 µs
        Assert.InRange((read.CreatedAt - session.CreatedAt).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Messages_are_listed_in_order_with_their_steps_in_order_and_updates_are_kept()
    {
        var session = await Sessions.CreateSessionAsync("m", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var t0 = DateTimeOffset.UtcNow;
        var question = new ConversationMessage { Id = Guid.NewGuid(), SessionId = session.Id, Role = MessageRoles.User, Content = "q", CreatedAt = t0 };
        var answer = Running(session.Id, t0.AddMilliseconds(1));
        await Sessions.AddMessageAsync(answer, _none);
        await Sessions.AddMessageAsync(question, _none);
        await Sessions.AddStepAsync(Step(answer.Id, 1), _none);
        await Sessions.AddStepAsync(Step(answer.Id, 0), _none);

        answer.Content = "done";
        answer.Status = RunStatuses.Completed;
        answer.InputTokens = 12;
        answer.OutputTokens = 34;
        await Sessions.UpdateMessageAsync(answer, _none);

        var messages = await Sessions.ListMessagesAsync(session.Id, _none);
        Assert.Equal([question.Id, answer.Id], messages.Select(m => m.Id));
        var stored = messages[1];
        Assert.Equal(("done", RunStatuses.Completed, 12L, 34L), (stored.Content, stored.Status, stored.InputTokens, stored.OutputTokens));
        Assert.Equal([0, 1], stored.Steps.Select(s => s.Index));
        Assert.Empty(await Sessions.ListMessagesAsync(Guid.NewGuid(), _none));
    }

    [Fact]
    public async Task A_run_is_found_by_its_id_with_its_steps_in_order()
    {
        var session = await Sessions.CreateSessionAsync("r", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var answer = Running(session.Id, DateTimeOffset.UtcNow);
        await Sessions.AddMessageAsync(answer, _none);
        foreach (var index in new[] { 2, 0, 1 })
        {
            await Sessions.AddStepAsync(Step(answer.Id, index), _none);
        }

        var run = await Sessions.GetRunAsync(answer.RunId!.Value, _none);

        Assert.Equal(answer.Id, run!.Id);
        Assert.Equal([0, 1, 2], run.Steps.Select(s => s.Index));
        Assert.Null(await Sessions.GetRunAsync(Guid.NewGuid(), _none));
    }

    [Fact]
    public async Task Only_running_runs_are_listed_as_running()
    {
        var session = await Sessions.CreateSessionAsync("r", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var running = Running(session.Id, DateTimeOffset.UtcNow);
        var finished = Running(session.Id, DateTimeOffset.UtcNow);
        finished.Status = RunStatuses.Completed;
        await Sessions.AddMessageAsync(running, _none);
        await Sessions.AddMessageAsync(finished, _none);
        await Sessions.AddMessageAsync(new ConversationMessage { Id = Guid.NewGuid(), SessionId = session.Id, Content = "q", CreatedAt = DateTimeOffset.UtcNow }, _none);

        Assert.Equal([running.Id], (await Sessions.ListRunningAsync(_none)).Select(m => m.Id));
    }

    [Fact]
    public async Task Interrupting_a_run_marks_it_once_and_adds_only_the_recovered_steps_it_lacks()
    {
        var session = await Sessions.CreateSessionAsync("i", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var answer = Running(session.Id, DateTimeOffset.UtcNow);
        await Sessions.AddMessageAsync(answer, _none);
        var known = Step(answer.Id, 0);
        await Sessions.AddStepAsync(known, _none);
        var recovered = Step(answer.Id, 1);
        var knownAgain = Step(answer.Id, 0);
        knownAgain.Id = known.Id;
        knownAgain.Stdout = "a different copy";

        Assert.True(await Sessions.InterruptRunAsync(answer.Id, "partial answer", "The instance died.", [knownAgain, recovered], _none));
        Assert.False(await Sessions.InterruptRunAsync(answer.Id, "again", "again", [Step(answer.Id, 2)], _none));

        var run = (await Sessions.GetRunAsync(answer.RunId!.Value, _none))!;
        Assert.Equal((RunStatuses.Interrupted, "partial answer", "The instance died."), (run.Status, run.Content, run.Error));
        Assert.Equal([known.Id, recovered.Id], run.Steps.Select(s => s.Id));
        Assert.Equal(known.Stdout, run.Steps[0].Stdout);
        Assert.Empty(await Sessions.ListRunningAsync(_none));
    }

    [Fact]
    public async Task A_finished_run_is_not_interrupted()
    {
        var session = await Sessions.CreateSessionAsync("i", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var answer = Running(session.Id, DateTimeOffset.UtcNow);
        answer.Status = RunStatuses.Completed;
        answer.Content = "the answer";
        await Sessions.AddMessageAsync(answer, _none);

        Assert.False(await Sessions.InterruptRunAsync(answer.Id, "x", "x", [Step(answer.Id, 0)], _none));

        var run = (await Sessions.GetRunAsync(answer.RunId!.Value, _none))!;
        Assert.Equal((RunStatuses.Completed, "the answer"), (run.Status, run.Content));
        Assert.Empty(run.Steps);
    }

    [Fact]
    public async Task Artifacts_are_stored_with_their_input_files_and_listed_by_session_in_order()
    {
        var session = await Sessions.CreateSessionAsync("a", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var other = await Sessions.CreateSessionAsync("b", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var t0 = DateTimeOffset.UtcNow;
        var inputs = FileVersionRefs.Serialize([new FileVersionRef("sales.csv", 2, new string('a', 64))]);
        var second = Artifact(session.Id, t0.AddSeconds(1));
        var first = Artifact(session.Id, t0);
        first.InputFiles = inputs;
        await Sessions.AddArtifactAsync(second, _none);
        await Sessions.AddArtifactAsync(first, _none);
        await Sessions.AddArtifactAsync(Artifact(other.Id, t0), _none);

        var stored = (await Sessions.GetArtifactAsync(first.Id, _none))!;
        Assert.Equal((first.Name, first.Kind, first.MediaType, first.Size, inputs), (stored.Name, stored.Kind, stored.MediaType, stored.Size, stored.InputFiles));
        Assert.Null((await Sessions.GetArtifactAsync(second.Id, _none))!.InputFiles);
        Assert.Null(await Sessions.GetArtifactAsync(Guid.NewGuid(), _none));
        Assert.Equal([first.Id, second.Id], (await Sessions.ListArtifactsAsync(session.Id, _none)).Select(a => a.Id));
    }

    [Fact]
    public async Task File_versions_are_numbered_per_name_and_the_current_one_is_listed()
    {
        var session = await Sessions.CreateSessionAsync("f", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var a1 = await Sessions.AddFileVersionAsync(File(session.Id, "a.csv", 10), _none);
        var b1 = await Sessions.AddFileVersionAsync(File(session.Id, "b.csv", 20), _none);
        var a2 = await Sessions.AddFileVersionAsync(File(session.Id, "a.csv", 30), _none);

        Assert.Equal((1, 1, 2), (a1.Version, b1.Version, a2.Version));
        Assert.Equal([("a.csv", 2, 30L), ("b.csv", 1, 20L)], (await Sessions.ListFilesAsync(session.Id, _none)).Select(f => (f.Name, f.Version, f.Size)));
        Assert.Equal([2, 1], (await Sessions.ListFileVersionsAsync(session.Id, "a.csv", _none)).Select(f => f.Version));
        Assert.Empty(await Sessions.ListFileVersionsAsync(session.Id, "missing.csv", _none));
        Assert.Empty(await Sessions.ListFilesAsync(Guid.NewGuid(), _none));
    }

    [Fact]
    public async Task A_file_is_read_by_version_or_as_its_current_version()
    {
        var session = await Sessions.CreateSessionAsync("f", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var v1 = File(session.Id, "a.csv", 10);
        v1.BlobKey = null;
        await Sessions.AddFileVersionAsync(v1, _none);
        var v2 = await Sessions.AddFileVersionAsync(File(session.Id, "a.csv", 30), _none);

        var current = (await Sessions.GetFileAsync(session.Id, "a.csv", null, _none))!;
        var first = (await Sessions.GetFileAsync(session.Id, "a.csv", 1, _none))!;

        Assert.Equal((2, v2.BlobKey, 30L), (current.Version, current.BlobKey, current.Size));
        Assert.Equal((1, (string?)null, BlobKeys.LegacyUpload(session.Id, "a.csv")), (first.Version, first.BlobKey, first.ContentKey));
        Assert.Null(await Sessions.GetFileAsync(session.Id, "a.csv", 3, _none));
        Assert.Null(await Sessions.GetFileAsync(session.Id, "missing.csv", null, _none));
    }

    [Fact]
    public async Task Deleting_a_file_removes_every_version_and_its_derived_files_and_returns_them()
    {
        var session = await Sessions.CreateSessionAsync("d", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var other = await Sessions.CreateSessionAsync("o", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        await Sessions.AddFileVersionAsync(File(session.Id, "t.parquet", 10), _none);
        await Sessions.AddFileVersionAsync(File(session.Id, "t.parquet", 20), _none);
        var derived = File(session.Id, "t.parquet.csv", 5);
        derived.DerivedFrom = "t.parquet";
        await Sessions.AddFileVersionAsync(derived, _none);
        await Sessions.AddFileVersionAsync(File(session.Id, "kept.csv", 1), _none);
        await Sessions.AddFileVersionAsync(File(other.Id, "t.parquet", 1), _none);

        var deleted = await Sessions.DeleteFileAsync(session.Id, "t.parquet", _none);

        Assert.Equal([("t.parquet", 1), ("t.parquet", 2), ("t.parquet.csv", 1)], deleted.Select(f => (f.Name, f.Version)).Order());
        Assert.Equal(["kept.csv"], (await Sessions.ListFilesAsync(session.Id, _none)).Select(f => f.Name));
        Assert.Empty(await Sessions.ListFileVersionsAsync(session.Id, "t.parquet", _none));
        Assert.Single(await Sessions.ListFilesAsync(other.Id, _none));
        Assert.Empty(await Sessions.DeleteFileAsync(session.Id, "t.parquet", _none));
    }

    [Fact]
    public async Task Versions_of_one_name_added_at_once_are_distinct_and_consecutive()
    {
        var session = await Sessions.CreateSessionAsync("c", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        const int writers = 6;
        using var start = new ManualResetEventSlim();
        var adds = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Sessions.AddFileVersionAsync(File(session.Id, "same.csv", i), _none);
        })).ToList();
        start.Set();

        var added = await Task.WhenAll(adds);

        Assert.Equal(Enumerable.Range(1, writers), added.Select(f => f.Version).Order());
        Assert.Equal(Enumerable.Range(1, writers).Reverse(), (await Sessions.ListFileVersionsAsync(session.Id, "same.csv", _none)).Select(f => f.Version));
        Assert.Equal(added.Select(f => f.Size).Order(), (await Sessions.ListFileVersionsAsync(session.Id, "same.csv", _none)).Select(f => f.Size).Order());
    }

    [Fact]
    public async Task Run_events_are_read_in_order_after_a_sequence_and_per_run()
    {
        var session = await Sessions.CreateSessionAsync("e", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var run = Guid.NewGuid();
        var otherRun = Guid.NewGuid();
        await Events.AppendAsync([Event(session.Id, run, 2, "text"), Event(session.Id, run, 1, "code"), Event(session.Id, otherRun, 1, "text")], _none);
        await Events.AppendAsync([Event(session.Id, run, 3, "done")], _none);
        await Events.AppendAsync([], _none);

        Assert.Equal([1L, 2L, 3L], (await Events.ReadAsync(run, 0, _none)).Select(e => e.Sequence));
        var after = await Events.ReadAsync(run, 1, _none);
        Assert.Equal([(2L, "text"), (3L, "done")], after.Select(e => (e.Sequence, e.Name)));
        Assert.Equal("{\"n\":2}", after[0].Data);
        Assert.Empty(await Events.ReadAsync(run, 3, _none));
        Assert.Empty(await Events.ReadAsync(Guid.NewGuid(), 0, _none));
    }

    [Fact]
    public async Task Deleting_a_session_deletes_its_messages_steps_artifacts_files_and_run_events()
    {
        var doomed = await Sessions.CreateSessionAsync("doomed", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var kept = await Sessions.CreateSessionAsync("kept", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        foreach (var session in new[] { doomed, kept })
        {
            var answer = Running(session.Id, DateTimeOffset.UtcNow);
            await Sessions.AddMessageAsync(answer, _none);
            await Sessions.AddStepAsync(Step(answer.Id, 0), _none);
            await Sessions.AddArtifactAsync(Artifact(session.Id, DateTimeOffset.UtcNow), _none);
            await Sessions.AddFileVersionAsync(File(session.Id, "a.csv", 1), _none);
            await Sessions.AddFileVersionAsync(File(session.Id, "a.csv", 2), _none);
            await Events.AppendAsync([Event(session.Id, answer.RunId!.Value, 1, "text")], _none);
        }

        Assert.True(await Sessions.DeleteSessionAsync(doomed.Id, _none));

        await using var db = await _database.Contexts.CreateDbContextAsync();
        Assert.Equal(
            (0, 0, 0, 0, 0),
            (await db.Messages.CountAsync(m => m.SessionId == doomed.Id), await db.Steps.CountAsync(s => db.Messages.Any(m => m.Id == s.MessageId && m.SessionId == doomed.Id)),
             await db.Artifacts.CountAsync(a => a.SessionId == doomed.Id), await db.Files.CountAsync(f => f.SessionId == doomed.Id), await db.RunEvents.CountAsync(e => e.SessionId == doomed.Id)));
        Assert.Equal(
            (1, 1, 1, 2, 1),
            (await db.Messages.CountAsync(), await db.Steps.CountAsync(), await db.Artifacts.CountAsync(), await db.Files.CountAsync(), await db.RunEvents.CountAsync()));
    }

    private static ConversationMessage Running(Guid sessionId, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        SessionId = sessionId,
        Role = MessageRoles.Assistant,
        RunId = Guid.NewGuid(),
        Status = RunStatuses.Running,
        CreatedAt = at,
    };

    private static ExecutionStep Step(Guid messageId, int index) => new()
    {
        Id = Guid.NewGuid(),
        MessageId = messageId,
        Index = index,
        Code = $"print({index})",
        Stdout = $"{index}\n",
        Succeeded = true,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static Artifact Artifact(Guid sessionId, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        SessionId = sessionId,
        Kind = ArtifactKinds.Table,
        Name = "table-1.json",
        MediaType = "application/json",
        Size = 123,
        CreatedAt = at,
    };

    private static WorkspaceFile File(Guid sessionId, string name, long size) => new()
    {
        SessionId = sessionId,
        Name = name,
        Size = size,
        Sha256 = new string('0', 64),
        CreatedAt = DateTimeOffset.UtcNow,
        BlobKey = BlobKeys.FileVersion(sessionId, Guid.NewGuid()),
    };

    private static RunEvent Event(Guid sessionId, Guid runId, long sequence, string name) => new()
    {
        RunId = runId,
        Sequence = sequence,
        SessionId = sessionId,
        Name = name,
        Data = $"{{\"n\":{sequence}}}",
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
