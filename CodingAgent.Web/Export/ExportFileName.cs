using System.Text;
using CodingAgent.Core.Files;

namespace CodingAgent.Web.Export;

/// <summary>
/// The download name of an export: the session's title reduced to letters, digits and single dashes (no dots, slashes,
/// controls or invisible characters), at most 60 characters, then the extension; <c>session-XXXXXXXX</c> when nothing is left.
/// </summary>
public static class ExportFileName
{
    public const int MaxStemLength = 60;

    public static string For(string? title, Guid sessionId, string extension)
    {
        var stem = new StringBuilder();
        foreach (var c in (title ?? "").Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c) && !char.IsSurrogate(c))
            {
                stem.Append(c);
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
            if (stem.Length >= MaxStemLength)
            {
                break;
            }
        }
        var name = stem.ToString().Trim('-');
        var file = (name.Length == 0 ? "session-" + sessionId.ToString("N")[..8] : name) + "." + extension;
        return FileNames.IsValid(file) ? file : "session-" + sessionId.ToString("N")[..8] + "." + extension;
    }
}
