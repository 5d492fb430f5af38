namespace CodingAgent.Profiler;

/// <summary>What one of <see cref="DuckDbTextParsers"/>' methods answers for a text: the value DuckDB gives, NULL, or that only DuckDB can tell.</summary>
internal enum TextParse
{
    /// <summary>DuckDB gives a value, and the method's <c>out</c> parameter holds exactly that value.</summary>
    Parsed,

    /// <summary>DuckDB gives NULL (a TRY_CAST or try_strptime that fails; an empty field in read_csv).</summary>
    Null,

    /// <summary>The text is outside what the method knows DuckDB's answer for: ask DuckDB.</summary>
    Unsure,

    /// <summary>read_csv with the column typed so stops with a conversion error on this field (only the ReadCsv methods answer this).</summary>
    Fails,
}
