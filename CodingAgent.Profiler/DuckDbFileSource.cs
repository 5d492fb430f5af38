using CodingAgent.Core.Profiling;
using DuckDB.NET.Data;

namespace CodingAgent.Profiler;

/// <summary>Parquet, JSON and JSON Lines files, which DuckDB's own readers load in one statement.</summary>
internal sealed class DuckDbFileSource(DuckDbSession db)
{
    public LoadedTable Load(string path, string fileName, string format, long size, string sqlName)
    {
        var reader = format switch
        {
            FileFormats.Parquet => $"read_parquet({SqlText.Literal(path)})",
            FileFormats.JsonLines => $"read_json({SqlText.Literal(path)}, format = 'newline_delimited', sample_size = 20480, maximum_object_size = 67108864)",
            _ => $"read_json({SqlText.Literal(path)}, format = 'auto', sample_size = 20480, maximum_object_size = 67108864)",
        };
        try
        {
            db.Execute($"CREATE TABLE {sqlName} AS SELECT * FROM {reader}");
        }
        catch (DuckDBException e)
        {
            var first = e.Message.Split('\n', 2)[0];
            throw new UnreadableFileException($"The file could not be read as {(format == FileFormats.Parquet ? "Parquet" : format == FileFormats.JsonLines ? "JSON Lines" : "JSON")}: {(first.Length > 300 ? first[..300] + "…" : first)}");
        }
        var encoding = format == FileFormats.Parquet ? null : EncodingSniffer.Utf8;
        return new LoadedTable(TableNames.ForFile(fileName), null, sqlName, size, new TableReadOptions(format, null, null, encoding, true), []);
    }
}
