using System.Globalization;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Ports;
using Parquet.Schema;

namespace CodingAgent.Web.Files;

/// <summary>
/// Parquet → <c>name.parquet.csv</c> + <c>name.parquet.schema.json</c> with a fully managed reader (Parquet.Net),
/// so that hostile files are parsed by memory-safe code; the kernel's <c>pd.read_parquet</c> reads the pair.
/// Flat schemas only.
/// </summary>
public sealed class ParquetToCsvConverter : IWorkspaceFileConverter
{
    public const string CsvSuffix = ".csv";
    public const string SchemaSuffix = ".schema.json";

    public bool Handles(string fileName) => fileName.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<DerivedFile>> ConvertAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        Parquet.Serialization.DeserializationResult<Dictionary<string, object>> table;
        try
        {
            table = await Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(content, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidDataException($"{fileName} is not a readable Parquet file: {ex.Message}", ex);
        }
        if (table.Schema.Fields.Any(f => f is not DataField))
        {
            throw new InvalidDataException($"{fileName} has nested columns (structs, lists or maps), which are not supported yet.");
        }
        var fields = table.Schema.GetDataFields();
        var csv = new StringBuilder();
        csv.AppendJoin(',', fields.Select(f => Quote(f.Name))).Append('\n');
        foreach (var row in table.Data)
        {
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    csv.Append(',');
                }
                csv.Append(Format(row.TryGetValue(fields[i].Name, out var value) ? value : null));
            }
            csv.Append('\n');
        }
        var schema = JsonSerializer.SerializeToUtf8Bytes(new
        {
            source = fileName,
            columns = fields.Select(f => new { name = f.Name, type = KindOf(f.ClrType) }),
        });
        return
        [
            new DerivedFile(fileName + CsvSuffix, Encoding.UTF8.GetBytes(csv.ToString())),
            new DerivedFile(fileName + SchemaSuffix, schema),
        ];
    }

    private static string KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) => "datetime",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
                || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) => "int",
            _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) => "float",
            _ => "string",
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        byte[] bytes => Quote(Convert.ToBase64String(bytes)),
        IFormattable f => Quote(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
