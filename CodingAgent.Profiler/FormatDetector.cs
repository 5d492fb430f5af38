namespace CodingAgent.Profiler;

/// <summary>
/// The format a file is read as: its extension picks the reader, and the first bytes must agree (a workbook is a zip
/// or an OLE file, Parquet starts with PAR1), so that a renamed file fails with a clear message instead of a parser error.
/// </summary>
internal static class FormatDetector
{
    private static readonly byte[] _zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] _emptyZip = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] _ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] _parquet = "PAR1"u8.ToArray();

    /// <exception cref="UnreadableFileException">The extension is not one the profiler reads, or the content is not what it says.</exception>
    public static string Detect(string fileName, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".csv" or ".txt":
                return FileFormats.Csv;
            case ".tsv" or ".tab":
                return FileFormats.Tsv;
            case ".xlsx" or ".xlsm":
                if (head.StartsWith(_ole))
                {
                    return FileFormats.Xls;
                }
                if (!head.StartsWith(_zip) && !head.StartsWith(_emptyZip))
                {
                    throw new UnreadableFileException($"The file is named {extension} but is not an Excel workbook: an .xlsx file is a zip archive, and this one does not start like one.");
                }
                return FileFormats.Xlsx;
            case ".xls":
                if (head.StartsWith(_zip))
                {
                    return FileFormats.Xlsx;
                }
                if (!head.StartsWith(_ole))
                {
                    throw new UnreadableFileException("The file is named .xls but is not an Excel 97-2003 workbook (it does not start with the OLE signature).");
                }
                return FileFormats.Xls;
            case ".parquet" or ".pq":
                if (!head.StartsWith(_parquet))
                {
                    throw new UnreadableFileException("The file is named .parquet but is not a Parquet file (it does not start with PAR1).");
                }
                return FileFormats.Parquet;
            case ".jsonl" or ".ndjson":
                return FileFormats.JsonLines;
            case ".json":
                return LooksLikeJsonLines(head) ? FileFormats.JsonLines : FileFormats.Json;
            default:
                throw new UnreadableFileException($"Files of type '{extension}' are not profiled: the profiler reads CSV, TSV, TXT, XLSX, XLSM, XLS, Parquet, JSON and JSON Lines.");
        }
    }

    /// <summary>A .json file whose first value is an object followed by another object on a later line holds JSON Lines.</summary>
    private static bool LooksLikeJsonLines(ReadOnlySpan<byte> head)
    {
        var text = head.TrimStart(" \t\r\n\uFEFF"u8);
        if (text.IsEmpty || text[0] != (byte)'{')
        {
            return false;
        }
        var newline = text.IndexOf((byte)'\n');
        return newline > 0 && text[..newline].TrimEnd(" \t\r"u8).EndsWith("}"u8) && text[(newline + 1)..].TrimStart(" \t\r\n"u8).StartsWith("{"u8);
    }
}
