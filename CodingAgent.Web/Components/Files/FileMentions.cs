using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Files;

/// <summary>The session's files that a question names: the whole name, case-insensitively, not inside a longer name.</summary>
public static class FileMentions
{
    public static IReadOnlyList<WorkspaceFile> Find(string text, IReadOnlyList<WorkspaceFile> files)
    {
        if (string.IsNullOrEmpty(text) || files.Count == 0)
        {
            return [];
        }
        return [.. files
            .Where(f => f.DerivedFrom is null && Mentions(text, f.Name))
            .OrderBy(f => text.IndexOf(f.Name, StringComparison.OrdinalIgnoreCase))];
    }

    private static bool Mentions(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsNamePart(text[at - 1])) && (end == text.Length || !IsNamePart(text[end]) || (text[end] == '.' && (end + 1 == text.Length || !IsNamePart(text[end + 1])))))
            {
                return true;
            }
        }
        return false;
    }

    // a sentence's full stop after a name ends it; a dot followed by more of a name ("sales.csv.bak") does not
    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';
}
