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

    [Fact]
    public void The_toolbar_opens_the_gallery_with_the_session_s_artifacts()
    {
        var session = Guid.NewGuid();
        CodingAgent.Core.Domain.Artifact[] artifacts =
        [
            new() { Id = Guid.NewGuid(), SessionId = session, Kind = CodingAgent.Core.Domain.ArtifactKinds.Table, Name = "by-region", CreatedAt = DateTimeOffset.UnixEpoch },
        ];
        var loads = 0;
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<ConversationToolbar>(p => p.Add(x => x.SessionId, session).Add(x => x.LoadArtifacts, () =>
        {
            loads++;
            return Task.FromResult<IReadOnlyList<CodingAgent.Core.Domain.Artifact>>(artifacts);
        }));
        Assert.Equal(0, loads);

        cut.Find("[data-testid=gallery-button]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("table", Assert.Single(dialogs.FindAll("[data-testid=gallery-item]")).GetAttribute("data-kind")));
        Assert.Equal(1, loads);
        Assert.Single(cut.FindAll("[data-testid=export-menu]"));
    }

    [Fact]
    public void Without_an_open_session_the_toolbar_shows_nothing()
    {
        var cut = Render<ConversationToolbar>(p => p.Add(x => x.SessionId, (Guid?)null).Add(x => x.LoadArtifacts, () => Task.FromResult<IReadOnlyList<CodingAgent.Core.Domain.Artifact>>([])));

        Assert.Empty(cut.Markup.Trim());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
