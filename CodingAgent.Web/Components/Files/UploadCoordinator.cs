using Microsoft.JSInterop;

namespace CodingAgent.Web.Components.Files;

/// <summary>
/// The uploads of one page: uploads.js sends the files to the REST API with XMLHttpRequest and reports back here
/// (through a <see cref="DotNetObjectReference"/>); this class keeps each file's progress and outcome, makes sure a
/// session exists before the first byte is sent, and cancels through JS. Plain state, rendered by UploadPanel.
/// </summary>
public sealed class UploadCoordinator(IJSRuntime js, long maxUploadBytes)
{
    private readonly List<UploadItem> _items = [];

    public IReadOnlyList<UploadItem> Items => _items;

    /// <summary>The session to upload into, created when there is none; null when none could be made.</summary>
    public Func<Task<Guid?>> EnsureSession { get; set; } = () => Task.FromResult<Guid?>(null);

    /// <summary>Called after each file is stored (the page refreshes its file list).</summary>
    public Func<Task> Uploaded { get; set; } = () => Task.CompletedTask;

    /// <summary>Called after any change (the panel re-renders).</summary>
    public Func<Task> Changed { get; set; } = () => Task.CompletedTask;

    [JSInvokable]
    public async Task FilesChosen(ChosenFile[] files)
    {
        var items = files.Select(f => new UploadItem(f.Id, f.Name, f.Size)).ToList();
        _items.AddRange(items);
        await Changed();
        var sessionId = await EnsureSession();
        foreach (var item in items)
        {
            if (item.Status != UploadStatus.Waiting)
            {
                continue; // cancelled meanwhile
            }
            if (sessionId is null)
            {
                Fail(item, "No session could be made to upload into; try again in a moment.");
            }
            else if (item.Size > maxUploadBytes)
            {
                Fail(item, $"{item.Name} is larger than the {maxUploadBytes / (1024 * 1024)} MB the server accepts.");
            }
            else if (await js.InvokeAsync<bool>("codingAgentUploads.start", item.Id, $"/api/sessions/{sessionId}/files"))
            {
                item.Status = UploadStatus.Sending;
                continue;
            }
            else
            {
                Fail(item, "The file is no longer available in the page; choose it again.");
            }
            await js.InvokeVoidAsync("codingAgentUploads.forget", item.Id);
        }
        await Changed();
    }

    [JSInvokable]
    public Task Progress(string id, long sent, long total) => Update(id, item =>
    {
        item.Sent = Math.Min(sent, item.Size);
        item.Status = sent >= total ? UploadStatus.Storing : UploadStatus.Sending;
    });

    [JSInvokable]
    public async Task Completed(string id)
    {
        await Update(id, item =>
        {
            item.Sent = item.Size;
            item.Status = UploadStatus.Done;
        });
        await Uploaded();
    }

    [JSInvokable]
    public Task Failed(string id, string message) => Update(id, item => Fail(item, message));

    [JSInvokable]
    public Task Cancelled(string id) => Update(id, item => item.Status = UploadStatus.Cancelled);

    /// <summary>Stops an upload: the request is aborted in the page, and the server keeps nothing of it.</summary>
    public async Task CancelAsync(string id)
    {
        if (Find(id) is not { IsActive: true })
        {
            return;
        }
        // uploads.js reports the cancellation (Cancelled); one it no longer knows is marked here
        if (!await js.InvokeAsync<bool>("codingAgentUploads.cancel", id))
        {
            await Update(id, i => i.Status = UploadStatus.Cancelled);
        }
    }

    /// <summary>Removes the finished, failed and cancelled uploads from the list.</summary>
    public Task ClearFinishedAsync()
    {
        _items.RemoveAll(i => !i.IsActive);
        return Changed();
    }

    private static void Fail(UploadItem item, string message)
    {
        item.Status = UploadStatus.Failed;
        item.Error = message;
    }

    private UploadItem? Find(string id) => _items.FirstOrDefault(i => i.Id == id);

    private Task Update(string id, Action<UploadItem> change)
    {
        if (Find(id) is not { } item)
        {
            return Task.CompletedTask;
        }
        change(item);
        return Changed();
    }
}
