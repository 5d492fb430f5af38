namespace CodingAgent.Profiler;

/// <summary>The formats a file is read as (<see cref="Core.Profiling.TableReadOptions.Format"/>).</summary>
internal static class FileFormats
{
    public const string Csv = "csv";
    public const string Tsv = "tsv";
    public const string Xlsx = "xlsx";
    public const string Xls = "xls";
    public const string Parquet = "parquet";
    public const string Json = "json";
    public const string JsonLines = "jsonl";
}
