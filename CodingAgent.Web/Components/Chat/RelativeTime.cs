using System.Globalization;

namespace CodingAgent.Web.Components.Chat;

/// <summary>Short relative times for the sidebar ("just now", "5 min ago", "yesterday", "12 Mar").</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset then, DateTimeOffset now)
    {
        var ago = now - then;
        if (ago < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }
        if (ago < TimeSpan.FromHours(1))
        {
            return $"{(int)ago.TotalMinutes} min ago";
        }
        if (ago < TimeSpan.FromDays(1))
        {
            return $"{(int)ago.TotalHours} h ago";
        }
        var days = (now.UtcDateTime.Date - then.UtcDateTime.Date).Days;
        if (days <= 1)
        {
            return "yesterday";
        }
        if (days < 7)
        {
            return $"{days} days ago";
        }
        return then.Year == now.Year
            ? then.ToString("d MMM", CultureInfo.InvariantCulture)
            : then.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>The full time, for a tooltip and the <c>datetime</c> attribute (UTC, ISO 8601).</summary>
    public static string Exact(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
