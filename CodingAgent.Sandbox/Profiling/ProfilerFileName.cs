using System.Text;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// The name an uploaded file is given inside the profiler's sandbox (<c>/input/&lt;name&gt;</c>) and on the worker's
/// command line. The name is user text: it keeps letters, digits and a few harmless marks (so that the extension still
/// picks the reader and the stem still names the tables), and loses everything that could climb folders, hide, start
/// an option, or break a line — each replaced by <c>_</c>.
/// </summary>
internal static class ProfilerFileName
{
    public const int MaxLength = 120;
    private const string Fallback = "input";

    public static string Sanitize(string fileName)
    {
        // the last path segment only, whichever separator the client used
        var name = fileName.Replace('\\', '/').Split('/')[^1];
        var clean = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            clean.Append(Rune.IsLetterOrDigit(rune) || (rune.IsAscii && " ._-()+,=@".Contains((char)rune.Value, StringComparison.Ordinal))
                ? rune.ToString()
                : "_");
        }
        var result = clean.ToString().Trim(' ');
        // neither "." nor "..", nor a hidden name, nor one that reads as an option
        if (result.Length > 0 && (result[0] == '.' || result[0] == '-'))
        {
            result = "_" + result[1..];
        }
        if (result.Trim('.', '_', ' ').Length == 0)
        {
            result = Path.GetExtension(result) is { Length: > 1 } extension ? Fallback + extension : Fallback;
        }
        return Shorten(result);
    }

    /// <summary>At most <see cref="MaxLength"/> characters, the extension kept.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }
        var extension = Path.GetExtension(name);
        if (extension.Length > 16)
        {
            extension = "";
        }
        var stem = name[..(MaxLength - extension.Length)];
        // never half of a surrogate pair
        if (char.IsHighSurrogate(stem[^1]))
        {
            stem = stem[..^1];
        }
        return stem.TrimEnd(' ') + extension;
    }
}
