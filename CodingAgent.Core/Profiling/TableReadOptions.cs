namespace CodingAgent.Core.Profiling;

/// <summary>How a table was read: what pandas needs to read it the same way.</summary>
/// <param name="Format">csv, tsv, xlsx, xls, parquet, json or jsonl.</param>
/// <param name="Delimiter">The field separator of a delimited text file, else null.</param>
/// <param name="Quote">The quote character of a delimited text file, else null.</param>
/// <param name="Encoding">utf-8, utf-8-sig, utf-16, latin-1 or cp1252 for text files, else null.</param>
/// <param name="Header">Whether the first line holds the column names.</param>
public sealed record TableReadOptions(string Format, string? Delimiter, string? Quote, string? Encoding, bool Header);
