using Bunit;
using MudBlazor;

namespace CodingAgent.Tests.Components.Profiles;

/// <summary>The files panel in an app without profiles (no IFileProfiles registered).</summary>
public sealed class ProfileUnavailableTests() : ProfileTestContext(withProfiles: false)
{
    [Fact]
    public async Task Without_profiles_the_list_shows_no_status_and_the_dialog_says_profiling_is_not_available()
    {
        var dialogs = Render<MudDialogProvider>();
        var panel = RenderPanel([File("sales.csv")]);

        Assert.Single(panel.FindAll("[data-testid=file-item]"));
        Assert.Empty(panel.FindAll("[data-testid^=profile-]"));

        await panel.InvokeAsync(() => panel.Find("[data-testid=file-profile]").Click());

        Assert.Equal("Profiling is not available.", dialogs.WaitForElement("[data-testid=profile-unavailable]").TextContent.Trim());
    }
}
