using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>Column names as pandas makes them from a header: <c>Unnamed: 3</c> for a blank one, <c>name.1</c> for a repeat.</summary>
internal static class ColumnNames
{
    public static IReadOnlyList<string> FromHeader(IReadOnlyList<string?> header)
    {
        var names = new List<string>(header.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = string.IsNullOrWhiteSpace(header[i]) ? string.Create(CultureInfo.InvariantCulture, $"Unnamed: {i}") : header[i]!;
            var unique = name;
            for (var n = 1; !seen.Add(unique); n++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name}.{n}");
            }
            names.Add(unique);
        }
        return names;
    }
}
