using System.Globalization;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>Values as the profile carries them: finite numbers as JSON numbers, times as ISO text, text cut to <see cref="ProfileLimits.MaxValueChars"/>.</summary>
internal static class ProfileJson
{
    public static JsonElement? Number(double? value, bool integral) => value is { } d && double.IsFinite(d)
        ? integral && Math.Abs(d) < 9e15 ? JsonSerializer.SerializeToElement((long)Math.Round(d)) : JsonSerializer.SerializeToElement(d)
        : null;

    public static JsonElement? Text(string? value) => value is null ? null : JsonSerializer.SerializeToElement(Truncate(value));

    public static double? Double(object? value) => value switch
    {
        null => null,
        double d when double.IsFinite(d) => d,
        double => null,
        System.Numerics.BigInteger b => (double)b,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static long Long(object? value) => value switch
    {
        null => 0,
        System.Numerics.BigInteger b => (long)b,
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static string Truncate(string value) => value.Length <= ProfileLimits.MaxValueChars ? value : value[..(ProfileLimits.MaxValueChars - 1)] + "…";

    /// <summary>A value read from DuckDB as text: invariant numbers, ISO dates.</summary>
    public static string Display(object value) => Truncate(value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    });

    /// <summary>The SQL literal of a value read back from a column of <paramref name="storageType"/>.</summary>
    public static string SqlLiteral(object value, string storageType) => value switch
    {
        string s => SqlText.Literal(s),
        DateTime t => $"CAST({SqlText.Literal(t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture))} AS {storageType})",
        DateOnly d => $"CAST({SqlText.Literal(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} AS {storageType})",
        _ => $"CAST({SqlText.Literal(Display(value))} AS {storageType})",
    };
}
