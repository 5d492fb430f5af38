using System.Globalization;

namespace CodingAgent.Web.Components.Files;

/// <summary>"just now", "5 min ago", "3 h ago", "yesterday", "12 Mar 2026"; and the exact time for a tooltip.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        return age switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min ago"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h ago"),
            { TotalDays: < 2 } => "yesterday",
            { TotalDays: < 7 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} days ago"),
            _ => then.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        };
    }

    public static string Exact(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
