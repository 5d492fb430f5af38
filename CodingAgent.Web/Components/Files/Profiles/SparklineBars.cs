using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>A histogram as bars of a small SVG: one bar per bin, heights relative to the fullest bin.</summary>
public static class SparklineBars
{
    public const double Width = 100;
    public const double Height = 24;

    /// <summary>A bin with values gets at least this height, so that it is told apart from an empty one.</summary>
    private const double MinimumHeight = 1;

    /// <summary>A number as an SVG attribute wants it, whatever the culture.</summary>
    public static string Svg(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static IReadOnlyList<SparklineBar> From(IReadOnlyList<HistogramBin> bins)
    {
        if (bins.Count == 0)
        {
            return [];
        }
        var fullest = Math.Max(1, bins.Max(b => b.Count));
        var slot = Width / bins.Count;
        var gap = bins.Count > 1 ? Math.Min(1, slot / 4) : 0;
        return bins.Select((bin, i) =>
        {
            var height = bin.Count <= 0 ? 0 : Math.Max(MinimumHeight, Height * bin.Count / fullest);
            return new SparklineBar(Math.Round(i * slot, 3), Math.Round(Height - height, 3), Math.Round(slot - gap, 3), Math.Round(height, 3),
                $"{bin.From} – {bin.To}: {ProfileFormat.Count(bin.Count)}");
        }).ToList();
    }
}
