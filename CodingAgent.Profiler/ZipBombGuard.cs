using System.Globalization;
using System.IO.Compression;

namespace CodingAgent.Profiler;

/// <summary>
/// Checks a workbook's zip before any reader inflates it: the number of entries, the sizes they declare and their
/// compression ratios, then the bytes they really inflate to (a bomb may lie in its headers), stopping as soon as a
/// bound is passed, so that a small hostile file never becomes gigabytes in memory or on disk.
/// </summary>
internal static class ZipBombGuard
{
    public const long MaxTotalBytes = 1L << 30;
    public const int MaxEntries = 10_000;
    public const int MaxRatio = 200;
    private const long RatioCheckedAbove = 16L << 20;

    /// <exception cref="UnreadableFileException">The archive is not a zip, or inflates beyond the bounds.</exception>
    public static async Task CheckAsync(string path, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(File.OpenRead(path), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableFileException("The file is not a valid Excel workbook: its zip archive is damaged (" + e.Message + ").");
        }
        await using (archive)
        {
            if (archive.Entries.Count > MaxEntries)
            {
                throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture, $"The workbook looks like a zip bomb: it holds {archive.Entries.Count:N0} files (at most {MaxEntries:N0} are read)."));
            }
            var declared = 0L;
            foreach (var entry in archive.Entries)
            {
                declared += entry.Length;
                if (entry.Length > RatioCheckedAbove && entry.Length > entry.CompressedLength * MaxRatio)
                {
                    throw new UnreadableFileException(Bomb($"'{entry.FullName}' declares {Mb(entry.Length)} from {Mb(entry.CompressedLength)} compressed (more than {MaxRatio}× smaller)"));
                }
            }
            if (declared > MaxTotalBytes)
            {
                throw new UnreadableFileException(Bomb($"its files declare {Mb(declared)} uncompressed"));
            }
            try
            {
                await InflateAsync(archive, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw new UnreadableFileException("The file is not a valid Excel workbook: its zip archive is damaged (" + e.Message + ").");
            }
        }
    }

    /// <summary>
    /// Inflates every entry, counting (.NET stops an entry at the size it declares; the count guards the total and any
    /// reader that would not).
    /// </summary>
    private static async Task InflateAsync(ZipArchive archive, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var total = 0L;
        foreach (var entry in archive.Entries)
        {
            await using var stream = await entry.OpenAsync(cancellationToken);
            var actual = 0L;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                actual += read;
                total += read;
                if (actual > entry.Length || total > MaxTotalBytes)
                {
                    throw new UnreadableFileException(Bomb($"'{entry.FullName}' inflates to more than {(actual > entry.Length ? "the " + Mb(entry.Length) + " it declares" : Mb(MaxTotalBytes) + " in all")}"));
                }
            }
        }
    }

    private static string Bomb(string detail) =>
        $"The workbook looks like a zip bomb: {detail}. The profiler reads workbooks of up to {Mb(MaxTotalBytes)} uncompressed.";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString(bytes < 10 << 20 ? "0.##' MB'" : "#,0' MB'", CultureInfo.InvariantCulture);
}
