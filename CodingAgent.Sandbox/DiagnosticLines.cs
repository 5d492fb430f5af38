using System.Text;

namespace CodingAgent.Sandbox;

/// <summary>
/// What the host keeps of a sandboxed process's stderr: the first lines (up to 4000 characters) and the last non-empty
/// line, each line cut at <see cref="MaxLineChars"/>. The process cannot make the host buffer more, however long a line
/// or however much it writes. Bytes come in chunks as they are read; <see cref="Complete"/> ends the last line.
/// </summary>
internal sealed class DiagnosticLines
{
    /// <summary>The longest stderr line kept (longer ones are cut).</summary>
    public const int MaxLineChars = 1000;

    private const int MaxKeptChars = 4000;
    private readonly StringBuilder _text = new();
    private readonly List<byte> _line = [];
    private readonly Lock _gate = new();
    private string? _lastLine;

    /// <summary>The first lines, trimmed.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString().Trim();
            }
        }
    }

    /// <summary>The last non-empty line (cut at <see cref="MaxLineChars"/>), or null.</summary>
    public string? LastLine
    {
        get
        {
            lock (_gate)
            {
                return _lastLine;
            }
        }
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    EndLine();
                }
                else if (_line.Count < MaxLineChars * 4)
                {
                    _line.Add(b);
                }
            }
        }
    }

    /// <summary>The stream ended: a last line without a newline counts too.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_line.Count > 0)
            {
                EndLine();
            }
        }
    }

    private void EndLine()
    {
        var text = Encoding.UTF8.GetString([.. _line]).TrimEnd('\r');
        _line.Clear();
        if (text.Length > MaxLineChars)
        {
            text = text[..MaxLineChars];
        }
        if (_text.Length < MaxKeptChars)
        {
            _text.AppendLine(text);
        }
        if (text.Trim().Length > 0)
        {
            _lastLine = text.Trim();
        }
    }
}
