using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// Where browser tests save their screenshots: <c>CODINGAGENT_SCREENSHOTS</c>, else <c>artifacts/screenshots/</c> in the
/// repository (ignored by git). Every browser test saves at least one, named for what it shows.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("CODINGAGENT_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Infrastructure.Repository.Root, "artifacts", "screenshots")).FullName;

    /// <summary>Saves the whole page as <c>{name}.png</c> and returns its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
