namespace CodingAgent.Profiler;

/// <summary>How a delimited file is read: what DuckDB's sniffer found, or what the shape check settled on.</summary>
/// <param name="Delimiter">The field separator; null: let DuckDB detect it.</param>
/// <param name="Quote">The quote character; null: let DuckDB detect it.</param>
/// <param name="Header">Whether line 1 names the columns; null: let DuckDB detect it.</param>
/// <param name="NullPadding">Short rows are padded with missing values.</param>
/// <param name="MaxLineSize">Bytes a line may have; null: DuckDB's default.</param>
/// <param name="TextColumns">Columns read as text because a value after the sniffed sample did not fit the detected type.</param>
/// <param name="Escape">The character that escapes a quote inside quotes; null: let DuckDB detect it.</param>
internal sealed record CsvDialect(string? Delimiter, string? Quote, bool? Header, bool NullPadding, long? MaxLineSize, IReadOnlyList<string> TextColumns, string? Escape = null)
{
    /// <summary>
    /// DuckDB's reader buffer for a load, when no long line sets it: named explicitly, its reader splits the file for
    /// its threads in a way that loads 1 GiB in 3.1 s instead of 3.6 s and 100 MB in 0.35 s instead of 0.39 s (the
    /// benchmark's files; 8–128 MB all do as well at 1 GiB, 16 MB best at 100 MB).
    /// </summary>
    public const long LoadBufferBytes = 16L << 20;

    /// <param name="load">For the load (not the sniffer): with the reader's buffer size (<see cref="LoadOptions"/>).</param>
    public string ReadCsv(string path, bool allText = false, bool load = false)
    {
        var options = new List<string> { SqlText.Literal(path), "sample_size = 20480" };
        if (Delimiter is not null)
        {
            options.Add("delim = " + SqlText.Literal(Delimiter));
        }
        if (Quote is not null)
        {
            options.Add("quote = " + SqlText.Literal(Quote));
        }
        if (Escape is not null)
        {
            options.Add("escape = " + SqlText.Literal(Escape));
        }
        if (Header is { } header)
        {
            options.Add(header ? "header = true" : "header = false");
        }
        options.AddRange(load ? LoadOptions() : ReadOptions());
        if (allText)
        {
            options.Add("all_varchar = true");
        }
        else if (TextColumns.Count > 0)
        {
            options.Add("types = {" + string.Join(", ", TextColumns.Select(c => SqlText.Literal(c) + ": 'VARCHAR'")) + "}");
        }
        return "read_csv(" + string.Join(", ", options) + ")";
    }

    /// <summary>The options of a load: <see cref="ReadOptions"/>, and the reader's buffer size unless a long line set it.</summary>
    public IEnumerable<string> LoadOptions() => MaxLineSize is null
        ? ReadOptions().Append("buffer_size = " + LoadBufferBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : ReadOptions();

    /// <summary>The options that are not the sniffer's to detect: padding of short rows, the longest line.</summary>
    public IEnumerable<string> ReadOptions()
    {
        if (NullPadding)
        {
            yield return "null_padding = true";
        }
        if (MaxLineSize is { } size)
        {
            yield return $"max_line_size = {size}, buffer_size = {Math.Max(size * 2, 32L << 20)}";
        }
    }
}
