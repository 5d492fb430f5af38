namespace CodingAgent.Core.Agent;

/// <summary>
/// Wraps text that comes from data or from code's output (written by anyone) in a delimited block the model is told
/// never to take instructions from. A closing tag inside the text is defused, so the text cannot end its block early.
/// </summary>
internal static class DataBlock
{
    public static string Wrap(string name, string text) => $"<data name=\"{name}\">\n{Defuse(text, "data")}\n</data>";

    /// <summary>The text with every closing <paramref name="tag"/> defused (<c>&lt;\/tag</c>).</summary>
    public static string Defuse(string text, string tag) => text.Replace("</" + tag, "<\\/" + tag, StringComparison.OrdinalIgnoreCase);
}
