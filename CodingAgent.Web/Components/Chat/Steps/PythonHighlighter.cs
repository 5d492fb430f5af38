using System.Collections.Frozen;
using System.Text;

namespace CodingAgent.Web.Components.Chat.Steps;

/// <summary>
/// A small Python tokenizer for highlighting: keywords, builtins, strings, comments and numbers. It produces text
/// tokens that the page renders as text inside spans with a fixed class, so the code is never markup.
/// </summary>
public static class PythonHighlighter
{
    public const string Keyword = "tok-kw";
    public const string Builtin = "tok-bi";
    public const string String = "tok-str";
    public const string Comment = "tok-com";
    public const string Number = "tok-num";

    private static readonly FrozenSet<string> Keywords = FrozenSet.ToFrozenSet(
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Builtins = FrozenSet.ToFrozenSet(
    [
        "print", "len", "range", "list", "dict", "set", "tuple", "str", "int", "float", "bool", "sum", "min", "max",
        "sorted", "enumerate", "zip", "map", "filter", "round", "abs", "isinstance", "type", "open", "any", "all", "self",
    ], StringComparer.Ordinal);

    public static IReadOnlyList<CodeToken> Tokenize(string code)
    {
        var tokens = new List<CodeToken>();
        var plain = new StringBuilder();
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            int end;
            string? kind;
            if (c == '#')
            {
                end = code.IndexOf('\n', i) is var nl and >= 0 ? nl : code.Length;
                kind = Comment;
            }
            else if (StringStart(code, i) is { } quoteAt)
            {
                end = StringEnd(code, quoteAt);
                kind = String;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < code.Length && char.IsDigit(code[i + 1]) && !IsWordChar(Previous(code, i))))
            {
                end = i + 1;
                while (end < code.Length && (char.IsLetterOrDigit(code[end]) || code[end] is '.' or '_'))
                {
                    end++;
                }
                kind = IsWordChar(Previous(code, i)) ? null : Number;
            }
            else if (IsWordChar(c))
            {
                end = i + 1;
                while (end < code.Length && IsWordChar(code[end]))
                {
                    end++;
                }
                var word = code[i..end];
                kind = Keywords.Contains(word) ? Keyword : Builtins.Contains(word) ? Builtin : null;
            }
            else
            {
                end = i + 1;
                kind = null;
            }
            if (kind is null)
            {
                plain.Append(code, i, end - i);
            }
            else
            {
                Flush(tokens, plain);
                tokens.Add(new CodeToken(code[i..end], kind));
            }
            i = end;
        }
        Flush(tokens, plain);
        return tokens;
    }

    private static void Flush(List<CodeToken> tokens, StringBuilder plain)
    {
        if (plain.Length > 0)
        {
            tokens.Add(new CodeToken(plain.ToString(), null));
            plain.Clear();
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static char Previous(string code, int i) => i > 0 ? code[i - 1] : ' ';

    /// <summary>Where the quote of a string literal starting at <paramref name="i"/> is (after a prefix such as f, rb), or null.</summary>
    private static int? StringStart(string code, int i)
    {
        if (IsWordChar(Previous(code, i)))
        {
            return null;
        }
        var j = i;
        while (j < code.Length && j - i < 2 && "rRbBfFuU".Contains(code[j], StringComparison.Ordinal))
        {
            j++;
        }
        return j < code.Length && code[j] is '"' or '\'' ? j : null;
    }

    /// <summary>The end of the string literal whose quote is at <paramref name="q"/>: after its closing quote, the line's end for an unclosed one.</summary>
    private static int StringEnd(string code, int q)
    {
        var quote = code[q];
        var triple = q + 2 < code.Length && code[q + 1] == quote && code[q + 2] == quote;
        var j = q + (triple ? 3 : 1);
        while (j < code.Length)
        {
            var c = code[j];
            if (c == '\\')
            {
                j += 2;
                continue;
            }
            if (!triple && c == '\n')
            {
                return j;
            }
            if (c == quote && (!triple || (j + 2 < code.Length && code[j + 1] == quote && code[j + 2] == quote)))
            {
                return j + (triple ? 3 : 1);
            }
            j++;
        }
        return code.Length;
    }
}
