using Microsoft.JSInterop;

namespace CodingAgent.Web.Components.Layout;

/// <summary>
/// Light or dark for one circuit: the system's preference until the user picks one with the toggle; the pick is kept in
/// the browser's localStorage (wwwroot/theme.js) and wins over the system's from then on.
/// </summary>
public sealed class ThemePreference(IJSRuntime js)
{
    public bool IsDark { get; private set; }

    /// <summary>True once the user picked a theme (now or in an earlier visit).</summary>
    public bool IsChosen { get; private set; }

    /// <summary>Reads the stored pick, else asks <paramref name="systemIsDark"/>.</summary>
    public async Task LoadAsync(Func<Task<bool>> systemIsDark)
    {
        var stored = await js.InvokeAsync<string?>("codingAgentTheme.get");
        IsChosen = stored is "dark" or "light";
        IsDark = IsChosen ? stored == "dark" : await systemIsDark();
    }

    /// <summary>The system switched; followed unless the user picked a theme.</summary>
    public bool SystemChanged(bool dark)
    {
        if (IsChosen || IsDark == dark)
        {
            return false;
        }
        IsDark = dark;
        return true;
    }

    /// <summary>Switches to the other theme and keeps the pick.</summary>
    public async Task ToggleAsync()
    {
        IsDark = !IsDark;
        IsChosen = true;
        await js.InvokeVoidAsync("codingAgentTheme.set", IsDark ? "dark" : "light");
    }
}
