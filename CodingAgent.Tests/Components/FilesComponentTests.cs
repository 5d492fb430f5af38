using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Web.Components.Files;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The upload panel (driven by uploads.js callbacks), the file list, its delete confirmation and file chips on questions.</summary>
public sealed class FilesComponentTests : BunitContext, IAsyncLifetime
{
    private static readonly Guid _session = Guid.NewGuid();

    public FilesComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.Configure<CodingAgent.Core.Files.FileOptions>(o => o.MaxUploadMb = 10);
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<PageUploads>();
    }

    private IRenderedComponent<UploadPanel> RenderUploads(Func<Task<Guid?>>? ensure = null, Action? uploaded = null) =>
        Render<UploadPanel>(p => p
            .Add(x => x.EnsureSession, ensure ?? (() => Task.FromResult<Guid?>(_session)))
            .Add(x => x.OnUploaded, () => uploaded?.Invoke()));

    [Fact]
    public async Task Uploads_in_progress_survive_the_panel_being_rendered_again_from_scratch()
    {
        JSInterop.Setup<bool>("codingAgentUploads.start", _ => true).SetResult(true);
        var first = RenderUploads();
        await first.InvokeAsync(() => first.Instance.Coordinator.FilesChosen([new("u1", "big.csv", 1000)]));

        // the sidebar is rendered anew (a new layout, a new address): a new panel instance in the same circuit
        var second = RenderUploads();
        first.Dispose();
        await second.InvokeAsync(() => second.Instance.Coordinator.Progress("u1", 500, 1000));

        second.WaitForAssertion(() => Assert.Contains("50", second.Find("[data-testid=upload-progress]").GetAttribute("aria-valuenow") ?? second.Find("[data-testid=upload]").TextContent));
        Assert.Single(second.FindAll("[data-testid=upload]"));
    }

    [Fact]
    public async Task Each_chosen_file_is_sent_to_the_session_and_shows_its_own_progress_and_outcome()
    {
        JSInterop.Setup<bool>("codingAgentUploads.start", _ => true).SetResult(true);
        var uploaded = 0;
        var cut = RenderUploads(uploaded: () => uploaded++);
        var uploads = cut.Instance.Coordinator;

        await cut.InvokeAsync(() => uploads.FilesChosen([new("u1", "big.csv", 1000), new("u2", "bad.csv", 10)]));

        Assert.Equal(
            [["u1", $"/api/sessions/{_session}/files"], ["u2", $"/api/sessions/{_session}/files"]],
            JSInterop.Invocations["codingAgentUploads.start"].Select(i => i.Arguments.Select(a => a?.ToString()).ToArray()));
        Assert.Equal(["sending", "sending"], cut.FindAll("[data-testid=upload]").Select(u => u.GetAttribute("data-status")));

        await cut.InvokeAsync(() => uploads.Progress("u1", 250, 1000));
        await cut.InvokeAsync(() => uploads.Failed("u2", "The file name '../bad.csv' is not a plain file name."));

        var rows = cut.FindAll("[data-testid=upload]");
        Assert.Equal("25", rows[0].QuerySelector("[data-testid=upload-progress]")!.GetAttribute("data-percent"));
        Assert.Contains("25 % of 1000 B", rows[0].TextContent);
        Assert.Equal("failed", rows[1].GetAttribute("data-status"));
        Assert.Equal("The file name '../bad.csv' is not a plain file name.", rows[1].QuerySelector("[data-testid=upload-error]")!.TextContent);
        Assert.Null(rows[1].QuerySelector("[data-testid=upload-progress]"));

        await cut.InvokeAsync(() => uploads.Progress("u1", 1000, 1000));
        Assert.Equal("storing", cut.FindAll("[data-testid=upload]")[0].GetAttribute("data-status"));
        Assert.Equal(0, uploaded);

        await cut.InvokeAsync(() => uploads.Completed("u1"));

        Assert.Equal("done", cut.FindAll("[data-testid=upload]")[0].GetAttribute("data-status"));
        Assert.Empty(cut.FindAll("[data-testid=upload-progress]"));
        Assert.Equal(1, uploaded);
        cut.Find("[data-testid=clear-uploads]").Click();
        Assert.Empty(cut.FindAll("[data-testid=upload]"));
    }

    [Fact]
    public async Task Cancel_aborts_that_upload_in_the_page_and_leaves_the_others_running()
    {
        JSInterop.Setup<bool>("codingAgentUploads.start", _ => true).SetResult(true);
        JSInterop.Setup<bool>("codingAgentUploads.cancel", _ => true).SetResult(true);
        var cut = RenderUploads();
        var uploads = cut.Instance.Coordinator;
        await cut.InvokeAsync(() => uploads.FilesChosen([new("u1", "a.csv", 100), new("u2", "b.csv", 100)]));

        cut.FindAll("[data-testid=upload-cancel]")[1].Click();

        var cancel = Assert.Single(JSInterop.Invocations["codingAgentUploads.cancel"]);
        Assert.Equal("u2", cancel.Arguments[0]);
        await cut.InvokeAsync(() => uploads.Cancelled("u2"));
        Assert.Equal(["sending", "cancelled"], cut.FindAll("[data-testid=upload]").Select(u => u.GetAttribute("data-status")));
        Assert.Single(cut.FindAll("[data-testid=upload-cancel]"));
    }

    [Fact]
    public async Task A_file_over_the_limit_or_without_a_session_fails_in_words_without_being_sent()
    {
        JSInterop.Setup<bool>("codingAgentUploads.start", _ => true).SetResult(true);
        var cut = RenderUploads();
        await cut.InvokeAsync(() => cut.Instance.Coordinator.FilesChosen([new("u1", "huge.csv", 11L * 1024 * 1024)]));
        var noSession = RenderUploads(ensure: () => Task.FromResult<Guid?>(null));
        await noSession.InvokeAsync(() => noSession.Instance.Coordinator.FilesChosen([new("u2", "a.csv", 10)]));

        Assert.Empty(JSInterop.Invocations["codingAgentUploads.start"]);
        Assert.Equal("huge.csv is larger than the 10 MB the server accepts.", cut.Find("[data-testid=upload-error]").TextContent);
        // the circuit's uploads are one list, whichever panel shows them
        Assert.Contains(noSession.FindAll("[data-testid=upload-error]"), e => e.TextContent.Contains("No session could be made", StringComparison.Ordinal));
        Assert.Equal(["u1", "u2"], JSInterop.Invocations["codingAgentUploads.forget"].Select(i => i.Arguments[0]));
    }

    [Fact]
    public void The_file_list_shows_size_version_earlier_versions_and_upload_time_with_the_exact_time_on_hover()
    {
        var now = new DateTimeOffset(2026, 3, 12, 15, 0, 0, TimeSpan.Zero);
        WorkspaceFile[] files =
        [
            new() { SessionId = _session, Name = "sales.csv", Version = 3, Size = 2048, CreatedAt = now.AddMinutes(-5) },
            new() { SessionId = _session, Name = "sales.parquet.csv", Version = 1, Size = 10, CreatedAt = now, DerivedFrom = "sales.parquet" },
            new() { SessionId = _session, Name = "old q1.xlsx", Version = 1, Size = 10, CreatedAt = now.AddDays(-30) },
        ];

        var cut = Render<FileList>(p => p.Add(x => x.Files, files).Add(x => x.Now, now));

        var items = cut.FindAll("[data-testid=file-item]");
        Assert.Equal(2, items.Count);
        Assert.Contains("2 KB", items[0].TextContent);
        Assert.Equal("v3", items[0].QuerySelector("[data-testid=file-version]")!.TextContent);
        var time = items[0].QuerySelector("[data-testid=file-time]")!;
        Assert.Equal("5 min ago", time.TextContent);
        Assert.Equal("2026-03-12 14:55:00 UTC", time.GetAttribute("title"));
        Assert.Equal("10 Feb 2026", items[1].QuerySelector("[data-testid=file-time]")!.TextContent);
        Assert.Equal(
            [$"/api/sessions/{_session}/files/sales.csv?version=2", $"/api/sessions/{_session}/files/sales.csv?version=1"],
            cut.Find("[data-testid=file-versions]").QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.Single(cut.FindAll("[data-testid=file-versions]"));
        Assert.Equal($"/api/sessions/{_session}/files/old%20q1.xlsx", items[1].QuerySelector("[data-testid=file-download]")!.GetAttribute("href"));
        Assert.NotNull(items[1].QuerySelector("[data-testid=file-download]")!.GetAttribute("download"));
    }

    [Fact]
    public async Task Delete_asks_for_confirmation_and_deletes_only_when_confirmed()
    {
        WorkspaceFile[] files = [new() { SessionId = _session, Name = "sales.csv", Version = 2, Size = 10, CreatedAt = DateTimeOffset.UtcNow }];
        var deleted = new List<string>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<FilesPanel>(p => p
            .Add(x => x.Files, files)
            .Add(x => x.EnsureSession, () => Task.FromResult<Guid?>(_session))
            .Add(x => x.OnDelete, name => deleted.Add(name)));

        await cut.InvokeAsync(() => cut.Find("[data-testid=file-delete]").Click());
        Assert.Contains("all 2 versions of sales.csv", dialogs.Markup);
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());
        Assert.Empty(deleted);

        await cut.InvokeAsync(() => cut.Find("[data-testid=file-delete]").Click());
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click());

        Assert.Equal(["sales.csv"], deleted);
    }

    [Fact]
    public async Task A_read_only_session_offers_downloads_but_no_upload_and_neither_preview_nor_delete_does_anything()
    {
        WorkspaceFile[] files = [new() { SessionId = _session, Name = "sales.csv", Version = 1, Size = 10, CreatedAt = DateTimeOffset.UtcNow }];
        var deleted = new List<string>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<FilesPanel>(p => p
            .Add(x => x.Files, files)
            .Add(x => x.ReadOnly, true)
            .Add(x => x.EnsureSession, () => Task.FromResult<Guid?>(_session))
            .Add(x => x.OnDelete, name => deleted.Add(name)));

        Assert.Empty(cut.FindAll("[data-testid=drop-zone]"));
        Assert.NotNull(cut.Find("[data-testid=file-download]").GetAttribute("href"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=file-preview]").Click());
        await cut.InvokeAsync(() => cut.Find("[data-testid=file-delete]").Click());

        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.Empty(deleted);
    }

    [Fact]
    public void A_question_shows_the_files_it_names_as_download_chips_in_the_order_it_names_them()
    {
        WorkspaceFile[] files =
        [
            new() { SessionId = _session, Name = "sales.csv" },
            new() { SessionId = _session, Name = "Costs.xlsx" },
            new() { SessionId = _session, Name = "unused.csv" },
            new() { SessionId = _session, Name = "sales.parquet.csv", DerivedFrom = "sales.parquet" },
        ];

        var cut = Render<FileChips>(p => p.Add(x => x.Files, files).Add(x => x.Text, "Join costs.xlsx with sales.csv. Ignore sales.csv.bak and sales.parquet.csv"));

        var chips = cut.FindAll("[data-testid=file-chip]");
        Assert.Equal(["Costs.xlsx", "sales.csv"], chips.Select(c => c.TextContent.Trim()));
        Assert.Equal($"/api/sessions/{_session}/files/Costs.xlsx", chips[0].GetAttribute("href"));
        Assert.Empty(Render<FileChips>(p => p.Add(x => x.Files, files).Add(x => x.Text, "What is in salesXcsv or my_sales.csv2?")).FindAll("[data-testid=file-chip]"));
    }

    [Fact]
    public void The_conversation_shows_file_chips_under_the_question_that_names_a_file()
    {
        WorkspaceFile[] files = [new() { SessionId = _session, Name = "regions.csv" }];
        List<CodingAgent.Web.Components.Chat.ChatTurn> turns =
        [
            new() { Id = Guid.NewGuid(), Role = MessageRoles.User, UserText = "Which regions are in regions.csv?" },
            new() { Id = Guid.NewGuid(), Role = MessageRoles.User, UserText = "And in general?" },
        ];

        var cut = Render<CodingAgent.Web.Components.Chat.MessageList>(p => p.Add(x => x.Turns, turns).Add(x => x.Files, files));

        var chip = cut.Find("[data-testid=file-chip]");
        Assert.Equal("regions.csv", chip.TextContent.Trim());
        // right under the question that names it
        Assert.Contains("regions.csv", chip.ParentElement!.PreviousElementSibling!.QuerySelector("[data-testid=user-message]")!.TextContent);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's dialog services dispose asynchronously only
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
