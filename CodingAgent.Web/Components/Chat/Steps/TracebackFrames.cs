using System.Text;
using System.Text.RegularExpressions;

namespace CodingAgent.Web.Components.Chat.Steps;

/// <summary>
/// A Python traceback as the kernel formats it (kernel.py format_error: the standard format without the kernel's own
/// frames), split into the frames of the user's cells (<c>File "&lt;cell-N&gt;"</c>) and the library frames
/// (pandas, numpy… internals), which the page folds.
/// </summary>
public sealed partial record TracebackFrames(IReadOnlyList<string> UserFrames, int LibraryFrames, string Full)
{
    public bool HasFoldableLibraryFrames => LibraryFrames > 0 && UserFrames.Count > 0;

    public static TracebackFrames Parse(string? traceback)
    {
        var text = (traceback ?? "").TrimEnd();
        var user = new List<string>();
        var library = 0;
        StringBuilder? frame = null;
        var frameIsUser = false;
        foreach (var line in text.Split('\n'))
        {
            if (FrameLine().Match(line) is { Success: true } match)
            {
                Close();
                frame = new StringBuilder(line.TrimEnd('\r'));
                frameIsUser = CellFile().IsMatch(match.Groups["file"].Value);
            }
            else if (frame is not null && line.StartsWith("    ", StringComparison.Ordinal))
            {
                frame.Append('\n').Append(line.TrimEnd('\r'));
            }
            else
            {
                Close();
            }
        }
        Close();
        return new TracebackFrames(user, library, text);

        void Close()
        {
            if (frame is null)
            {
                return;
            }
            if (frameIsUser)
            {
                user.Add(frame.ToString());
            }
            else
            {
                library++;
            }
            frame = null;
        }
    }

    [GeneratedRegex("""^  File "(?<file>[^"]*)", line \d+""")]
    private static partial Regex FrameLine();

    [GeneratedRegex("""^<cell-\d+>$""")]
    private static partial Regex CellFile();
}
