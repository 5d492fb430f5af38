using Bunit;
using CodingAgent.Web.Components.Chat;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <remarks>Disposed asynchronously: an opened MudMenu leaves services that only implement IAsyncDisposable.</remarks>
public sealed class ExportMenuTests : BunitContext, IAsyncLifetime
{
    public ExportMenuTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Without_a_session_there_is_nothing_to_export() =>
        Assert.Empty(Render<ExportMenu>(p => p.Add(x => x.SessionId, null)).FindAll("[data-testid=export]"));

    [Fact]
    public void The_open_menu_offers_the_notebook_and_the_report_as_downloads_of_the_session()
    {
        var session = Guid.NewGuid();
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ExportMenu>(1);
            builder.AddComponentParameter(2, nameof(ExportMenu.SessionId), (Guid?)session);
            builder.CloseComponent();
        });

        cut.Find("button[aria-label='Export this session']").Click();

        var notebook = cut.Find("[data-testid=export-ipynb]");
        var report = cut.Find("[data-testid=export-html]");
        Assert.Equal($"/api/sessions/{session}/export?format=ipynb", notebook.GetAttribute("href"));
        Assert.Equal($"/api/sessions/{session}/export?format=html", report.GetAttribute("href"));
        // the download attribute keeps Blazor's router from taking the link: the browser saves the attachment
        Assert.True(notebook.HasAttribute("download"));
        Assert.True(report.HasAttribute("download"));
        Assert.Equal("A", notebook.TagName);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
