namespace CodingAgent.Profiler;

/// <summary>Distinct 64-bit hashes collected in parts (a chunk's each): counted by sorting them as one array.</summary>
internal static class SortedHashes
{
    /// <summary>The distinct hashes of all the parts, which become one sorted part (the list's only one).</summary>
    public static long CountDistinct(List<long[]> parts)
    {
        if (parts.Count != 1)
        {
            var all = GC.AllocateUninitializedArray<long>(parts.Sum(h => h.Length));
            var at = 0;
            foreach (var part in parts)
            {
                part.CopyTo(all, at);
                at += part.Length;
            }
            parts.Clear();
            parts.Add(all);
        }
        var sorted = parts[0];
        Array.Sort(sorted);
        long distinct = sorted.Length == 0 ? 0 : 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            distinct += sorted[i] != sorted[i - 1] ? 1 : 0;
        }
        return distinct;
    }
}
