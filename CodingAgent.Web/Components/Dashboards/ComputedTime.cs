using System.Globalization;
using CodingAgent.Web.Components.Files;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>
/// When a tile was computed: <see cref="RelativeTime"/> within a day ("just now", "5 min ago", "3 h ago"), else the UTC
/// date and time (the server does not know the browser's zone).
/// </summary>
public static class ComputedTime
{
    public static string Describe(DateTimeOffset at, DateTimeOffset now) =>
        (now - at).TotalDays < 1
            ? RelativeTime.Format(at, now)
            : at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
