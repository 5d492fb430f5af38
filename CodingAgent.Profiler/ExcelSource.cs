using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;
using ExcelDataReader;

namespace CodingAgent.Profiler;

/// <summary>
/// Reads every sheet of a workbook (.xlsx/.xlsm after the zip bomb check, .xls) into its own DuckDB table: the first
/// row names the columns as pandas would, cells go in as text, and a column whose cells were all numbers, dates or
/// booleans gets that type back.
/// </summary>
internal sealed class ExcelSource(DuckDbSession db)
{
    public async Task<IReadOnlyList<LoadedTable>> LoadAsync(string path, string fileName, string format, long size, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (format == FileFormats.Xlsx)
        {
            await ZipBombGuard.CheckAsync(path, cancellationToken);
        }
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await using var stream = File.OpenRead(path);
        IExcelDataReader reader;
        try
        {
            reader = format == FileFormats.Xls ? ExcelReaderFactory.CreateBinaryReader(stream) : ExcelReaderFactory.CreateOpenXmlReader(stream);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new UnreadableFileException($"The file is not a readable Excel workbook: {e.Message}");
        }
        using (reader)
        {
            var sheets = reader.ResultsCount;
            var tables = new List<LoadedTable>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var notes = new List<string>();
            var index = 0;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (tables.Count >= ProfileLimits.MaxTables)
                {
                    notes.Add($"Only the first {ProfileLimits.MaxTables} sheets are profiled.");
                    break;
                }
                var name = TableNames.ForSheet(fileName, reader.Name, sheets);
                for (var n = 2; !names.Add(name); n++)
                {
                    name = TableNames.ForSheet(fileName, reader.Name, sheets) + "_" + n.ToString(CultureInfo.InvariantCulture);
                }
                var sqlName = "s" + index.ToString(CultureInfo.InvariantCulture);
                index++;
                if (!LoadSheet(reader, sqlName, cancellationToken))
                {
                    notes.Add($"Sheet '{reader.Name}' is empty.");
                    continue;
                }
                tables.Add(new LoadedTable(name, reader.Name, sqlName, size, new TableReadOptions(format, null, null, null, true), []));
                progress?.Report(0.3 * index / Math.Max(1, sheets));
            }
            while (reader.NextResult());
            if (tables.Count == 0)
            {
                throw new UnreadableFileException(sheets == 0 ? "The workbook has no sheets." : "Every sheet of the workbook is empty.");
            }
            return [tables[0] with { Notes = notes }, .. tables.Skip(1)];
        }
    }

    /// <returns>False when the sheet has no header row.</returns>
    private bool LoadSheet(IExcelDataReader reader, string sqlName, CancellationToken cancellationToken)
    {
        if (!reader.Read() || reader.FieldCount == 0)
        {
            return false;
        }
        var width = reader.FieldCount;
        var header = new string?[width];
        for (var i = 0; i < width; i++)
        {
            header[i] = Text(reader.GetValue(i));
        }
        var names = ColumnNames.FromHeader(header);
        var staging = sqlName + "_text";
        db.Execute($"CREATE TABLE {staging} ({string.Join(", ", names.Select(n => SqlText.Identifier(n) + " VARCHAR"))})");
        var kinds = names.Select(_ => new ExcelColumnKind()).ToArray();
        using (var appender = db.CreateAppender(staging))
        {
            var rows = 0L;
            while (reader.Read())
            {
                if (++rows % 10_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var row = appender.CreateRow();
                for (var i = 0; i < width; i++)
                {
                    var value = i < reader.FieldCount ? reader.GetValue(i) : null;
                    if (value is null)
                    {
                        row.AppendNullValue();
                        continue;
                    }
                    kinds[i].See(value);
                    row.AppendValue(Text(value));
                }
                row.EndRow();
            }
        }
        var columns = names.Select((n, i) => kinds[i].Cast(SqlText.Identifier(n)) + " AS " + SqlText.Identifier(n));
        db.Execute($"CREATE TABLE {sqlName} AS SELECT {string.Join(", ", columns)} FROM {staging}; DROP TABLE {staging}");
        return true;
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
