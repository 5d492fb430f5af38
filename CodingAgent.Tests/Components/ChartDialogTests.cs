using Bunit;
using CodingAgent.Web.Components.Chat;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>A chart's full-screen view (MudBlazor's dialog services are disposed asynchronously only).</summary>
public sealed class ChartDialogTests : BunitContext, IAsyncLifetime
{
    public ChartDialogTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void A_chart_opens_full_screen_in_a_dialog_of_its_own()
    {
        var artifact = Guid.NewGuid();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<PlotlyChart>(p => p.Add(x => x.ArtifactId, artifact));
        Assert.Empty(dialogs.FindAll("[data-testid=plotly-chart]"));

        cut.Find("[data-testid=chart-fullscreen]").Click();

        dialogs.WaitForAssertion(() =>
        {
            var large = Assert.Single(dialogs.FindAll("[data-testid=plotly-chart]"));
            Assert.Equal(artifact.ToString(), large.GetAttribute("data-artifact"));
            Assert.Contains("ca-chart-large", large.ClassName);
            Assert.Empty(dialogs.FindAll("[data-testid=chart-fullscreen]"));
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
