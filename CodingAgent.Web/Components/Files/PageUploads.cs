using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace CodingAgent.Web.Components.Files;

/// <summary>
/// The circuit's uploads, kept outside the panel that shows them: a panel that is rendered again from scratch (the
/// sidebar moves between layouts, the page navigates to a new session's address mid-upload) finds the uploads in
/// progress and keeps receiving their progress, instead of losing them with its old instance.
/// </summary>
public sealed class PageUploads(IJSRuntime js, IOptions<Core.Files.FileOptions> options) : IDisposable
{
    private DotNetObjectReference<UploadCoordinator>? _reference;

    public UploadCoordinator Coordinator { get; } = new(js, options.Value.MaxUploadBytes);

    /// <summary>The one reference uploads.js reports to, for the life of the circuit.</summary>
    public DotNetObjectReference<UploadCoordinator> Reference => _reference ??= DotNetObjectReference.Create(Coordinator);

    public void Dispose() => _reference?.Dispose();
}
