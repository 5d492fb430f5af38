using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Profiling;
using CodingAgent.Web.Components.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components.Profiles;

/// <summary>A bUnit context with MudBlazor, a fake clock and (unless told otherwise) the scripted profiles.</summary>
public abstract class ProfileTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly Guid Session = Guid.NewGuid();

    private protected ProfileTestContext(bool withProfiles = true)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.Configure<CodingAgent.Core.Files.FileOptions>(o => o.MaxUploadMb = 10);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddScoped<PageUploads>();
        Services.AddSingleton(new CodingAgent.Web.Access.CircuitUser(new Infrastructure.TestAuthenticationState(CodingAgent.Core.Users.CurrentUser.Local)));
        if (withProfiles)
        {
            Services.AddSingleton<IFileProfiles>(Profiles);
        }
    }

    internal FakeFileProfiles Profiles { get; } = new();

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    protected static WorkspaceFile File(string name, int version = 1) =>
        new() { SessionId = Session, Name = name, Version = version, Size = 48_000, CreatedAt = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero) };

    protected IRenderedComponent<FilesPanel> RenderPanel(IReadOnlyList<WorkspaceFile> files, Action? cleaned = null) =>
        Render<FilesPanel>(p => p
            .Add(x => x.Files, files)
            .Add(x => x.EnsureSession, () => Task.FromResult<Guid?>(Session))
            .Add(x => x.OnCleaned, () => cleaned?.Invoke()));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's dialog services dispose asynchronously only
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
