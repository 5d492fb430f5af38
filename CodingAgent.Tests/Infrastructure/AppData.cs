using System.Diagnostics;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// Removes an app's data folder once the app has let go of it. An app served on Kestrel is disposed after its
/// factory returns, so its sandbox may still be unmounting the workspace filesystems (as root with loop devices):
/// the folder is deleted once /proc/self/mountinfo lists nothing below it, and a mount that stays fails the test.
/// </summary>
public static class AppData
{
    public static async Task DeleteAsync(string directory)
    {
        await WaitUntilReleasedAsync(directory);
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>
    /// Waits until a stopped app has unmounted everything below its data folder, so that the next app on the same
    /// folder (a restart) does not meet mounts the stopping one is still taking down.
    /// </summary>
    public static async Task WaitUntilReleasedAsync(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        var waited = Stopwatch.StartNew();
        while (MountsBelow(prefix) is { Count: > 0 } mounts)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the app left workspace filesystems mounted: " + string.Join(", ", mounts));
            await Task.Delay(50);
        }
    }

    private static List<string> MountsBelow(string prefix) =>
        File.ReadAllLines("/proc/self/mountinfo").Select(line => line.Split(' ')[4]).Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList();
}
