using System.Globalization;

namespace CodingAgent.Benchmarks;

/// <summary>
/// One file profiled many times on the product's path (<see cref="ProductProfiler"/>: confined, a warm worker each
/// time): every time in order, and the median. What the profile benchmark's product column measures, without pandas
/// and without generating files, for a look at how one build's product path spreads.
/// </summary>
internal static class ProductLoop
{
    public static async Task<string> RunAsync(string path, int profiles)
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "codingagent-bench-product-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var milliseconds = new List<double>();
            await using (var product = new ProductProfiler(root))
            {
                for (var i = 0; i < profiles; i++)
                {
                    milliseconds.Add(await product.ProfileAsync(path) * 1000);
                }
            }
            milliseconds.Sort();
            return string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}, {profiles} profiles on the product path (ms): {string.Join(" ", milliseconds.Select(m => m.ToString("0.0", CultureInfo.InvariantCulture)))}; median {milliseconds[milliseconds.Count / 2]:0.0} ms");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
