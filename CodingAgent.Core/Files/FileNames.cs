using System.Globalization;
using System.Text;

namespace CodingAgent.Core.Files;

/// <summary>
/// What an uploaded file may be called: one plain file name, with no path parts, that shows as what it is
/// (no invisible formatting characters such as bidirectional overrides) and fits every file system (255 UTF-8 bytes).
/// </summary>
public static class FileNames
{
    public const int MaxLength = 200;

    /// <summary>The longest file name (in UTF-8 bytes) Linux file systems and object stores accept.</summary>
    public const int MaxUtf8Bytes = 255;

    /// <summary>Returns the name when it is allowed; otherwise throws <see cref="InvalidFileNameException"/> saying why.</summary>
    public static string Validate(string? name) =>
        Problem(name) is { } problem ? throw new InvalidFileNameException(problem) : name!;

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Why the name is refused, or null when it is allowed.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "The file name is empty.";
        }
        if (name.Length > MaxLength)
        {
            return $"The file name is longer than {MaxLength} characters.";
        }
        // checked before any message repeats the name, so that no reply carries the characters back
        if (HiddenCharacter(name) is { } hidden)
        {
            return hidden;
        }
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > MaxUtf8Bytes)
        {
            return $"The file name is {bytes} bytes long in UTF-8; file names may have at most {MaxUtf8Bytes} bytes (fewer characters when they are not ASCII).";
        }
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or ".." || name.Contains("..", StringComparison.Ordinal))
        {
            return $"'{name}' is not a plain file name: paths and '..' are not allowed.";
        }
        if (name.StartsWith('.') || name.StartsWith('-') || name.Any(char.IsControl) || name.Trim() != name)
        {
            return $"'{name}' is not an allowed file name: no leading dot or dash, control characters or surrounding spaces.";
        }
        return null;
    }

    /// <summary>
    /// Unicode format characters (category Cf: the bidirectional controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    /// U+061C, zero-width characters, …) make a name display as another one ("invoice" U+202E "fdp.exe" shows as "invoiceexe.pdf"); line and paragraph
    /// separators break it over lines; an unpaired surrogate is no character at all.
    /// </summary>
    private static string? HiddenCharacter(string name)
    {
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return $"The file name contains an unpaired surrogate (U+{(int)rest[0]:X4}), which is not a character; send the name as valid UTF-8.";
            }
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return $"The file name contains U+{rune.Value:X4}, an invisible formatting character (such as a bidirectional override or a zero-width character) " +
                    "or line separator that can make a name display as something else; rename the file without it.";
            }
            rest = rest[consumed..];
        }
        return null;
    }
}
