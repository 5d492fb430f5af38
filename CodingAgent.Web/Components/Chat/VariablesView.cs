using System.Globalization;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Components.Chat;

/// <summary>How the variables panel orders and formats what a kernel reported.</summary>
public static class VariablesView
{
    /// <summary>DataFrames first, then other data, each by name.</summary>
    public static IEnumerable<KernelVariable> Sorted(IEnumerable<KernelVariable> items) =>
        items.OrderBy(v => v.Type == "DataFrame" ? 0 : v.Shape.Count > 0 ? 1 : 2).ThenBy(v => v.Name, StringComparer.Ordinal);

    public static string Shape(KernelVariable v) => v.Shape.Count switch
    {
        0 => "",
        1 => v.Type is "DataFrame" or "Series" or "ndarray" ? $"{N(v.Shape[0])} rows" : $"len {N(v.Shape[0])}",
        _ => v.Type == "DataFrame" ? $"{N(v.Shape[0])} × {N(v.Shape[1])}" : string.Join(" × ", v.Shape.Select(N)),
    };

    public static string Memory(KernelVariable v) => v.Bytes switch
    {
        null => "",
        < 1024 => $"{v.Bytes} B",
        < 1024 * 1024 => $"{v.Bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{v.Bytes / (1024.0 * 1024):0.#} MB",
        _ => $"{v.Bytes / (1024.0 * 1024 * 1024):0.##} GB",
    };

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
