using Bunit;
using CodingAgent.Core.Agent;
using CodingAgent.Web.Components.Chat;
using MudBlazor;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <remarks>Disposed asynchronously: an opened MudSelect leaves services that only implement IAsyncDisposable.</remarks>
public sealed class ModelPickerTests : BunitContext, IAsyncLifetime
{
    private static readonly ModelChoice Local = new("local/gpt-scripted", "local", "gpt-scripted", "Scripted GPT", ToolCallingModes.Native);
    private static readonly ModelChoice Claude = new("claude/claude-scripted", "claude", "claude-scripted", "claude-scripted", ToolCallingModes.Native);

    public ModelPickerTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void With_one_model_there_is_nothing_to_pick()
    {
        var cut = Render<ModelPicker>(p => p.Add(x => x.Models, [Local]).Add(x => x.Selected, null).Add(x => x.OnChange, (string? _) => { }));

        Assert.Empty(cut.FindAll("[data-testid=model-picker]"));
    }

    [Fact]
    public void The_session_on_the_default_shows_it_and_picking_another_model_reports_its_id()
    {
        var picked = new List<string?>();
        var cut = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ModelPicker>(1);
            builder.AddComponentParameter(2, nameof(ModelPicker.Models), (IReadOnlyList<ModelChoice>)[Local, Claude]);
            builder.AddComponentParameter(3, nameof(ModelPicker.Selected), (string?)null);
            builder.AddComponentParameter(4, nameof(ModelPicker.OnChange), Microsoft.AspNetCore.Components.EventCallback.Factory.Create<string?>(this, picked.Add));
            builder.CloseComponent();
        });
        Assert.Equal("Scripted GPT (local) · default", cut.Find("[data-testid=model-picker]").TextContent);

        cut.Find(".ca-model-picker").MouseDown();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".mud-list-item").Count));
        var items = cut.FindAll(".mud-list-item");
        Assert.Equal(["Scripted GPT (local) · default", "claude/claude-scripted"], items.Select(i => i.TextContent.Trim()));
        items[1].Click();

        cut.WaitForAssertion(() => Assert.Equal(["claude/claude-scripted"], picked));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
