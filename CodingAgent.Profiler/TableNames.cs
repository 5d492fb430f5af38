using System.Text;

namespace CodingAgent.Profiler;

/// <summary>Stable, identifier-like table names: the file's stem lowercased, anything but [a-z0-9_] made <c>_</c>.</summary>
internal static class TableNames
{
    public static string ForFile(string fileName) => Normalize(Path.GetFileNameWithoutExtension(fileName), "table");

    /// <summary>The name of a sheet: the stem alone for a workbook with one sheet, else <c>stem_sheet</c>.</summary>
    public static string ForSheet(string fileName, string sheet, int sheetCount) =>
        sheetCount <= 1 ? ForFile(fileName) : ForFile(fileName) + "_" + Normalize(sheet, "sheet");

    private static string Normalize(string text, string fallback)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }
        return name.Length == 0 ? fallback : name.ToString();
    }
}
