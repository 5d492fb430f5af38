using System.Globalization;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>"just now", "5 min ago", "3 h ago", else the UTC date and time (the server does not know the browser's zone).</summary>
public static class ComputedTime
{
    public static string Describe(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
            _ => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };
    }
}
