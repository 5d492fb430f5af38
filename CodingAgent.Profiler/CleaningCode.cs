using CodingAgent.Core.Profiling;
using System.Globalization;
using System.Text;

namespace CodingAgent.Profiler;

/// <summary>
/// The pandas steps that fix findings, acting on the DataFrame <c>df</c> of a table as pandas reads it with the
/// table's <see cref="Core.Profiling.TableReadOptions"/> (<c>pd</c> is pandas). Each step is safe to run after the
/// others: conversions are skipped when the column already has the target type.
/// </summary>
internal static class CleaningCode
{
    private const string NumberSymbols = @"[$€£¥,%\s]";

    public static string DropDuplicateRows() => "df = df.drop_duplicates().reset_index(drop=True)";

    public static string MaskMarkers(string label, IReadOnlyList<string> markers, bool toNumber)
    {
        var code = $"df[{label}] = df[{label}].mask(df[{label}].astype(\"string\").str.strip().isin({PythonLiteral.StringList(markers)}))";
        return toNumber ? code + "\n" + $"df[{label}] = pd.to_numeric(df[{label}], errors=\"coerce\")" : code;
    }

    /// <summary>Text to numbers; with <paramref name="stripSymbols"/> currency symbols, separators, percent signs and spaces go and (12.50) becomes -12.50.</summary>
    public static string ToNumber(string label, bool stripSymbols)
    {
        var text = stripSymbols
            ? $"df[{label}].astype(\"string\").str.strip().str.replace(r\"^\\((.*)\\)$\", r\"-\\1\", regex=True).str.replace(r\"{NumberSymbols}\", \"\", regex=True)"
            : $"df[{label}]";
        return $"if not pd.api.types.is_numeric_dtype(df[{label}]):\n    df[{label}] = pd.to_numeric({text}, errors=\"coerce\")";
    }

    /// <summary>Text to datetimes, trying each format in turn for the values the earlier ones left unparsed.</summary>
    public static string ToDateTime(string label, IReadOnlyList<string> formats)
    {
        var code = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"if not pd.api.types.is_datetime64_any_dtype(df[{label}]):\n")
            .Append(CultureInfo.InvariantCulture, $"    _text = df[{label}].astype(\"string\").str.strip()\n")
            .Append(CultureInfo.InvariantCulture, $"    df[{label}] = pd.to_datetime(_text, format={PythonLiteral.String(formats[0])}, errors=\"coerce\")");
        foreach (var format in formats.Skip(1))
        {
            code.Append(CultureInfo.InvariantCulture, $"\n    df[{label}] = df[{label}].fillna(pd.to_datetime(_text, format={PythonLiteral.String(format)}, errors=\"coerce\"))");
        }
        return code.ToString();
    }

    public static string Strip(string label) => $"df[{label}] = df[{label}].map(lambda v: v.strip() if isinstance(v, str) else v)";

    public static string UnifySpellings(string label, IReadOnlyDictionary<string, string> spellings)
    {
        var pairs = spellings.OrderBy(p => p.Value, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"    {PythonLiteral.String(p.Key)}: {PythonLiteral.String(p.Value)},");
        return $"_spelling = {{\n{string.Join("\n", pairs)}\n}}\n" +
            $"df[{label}] = df[{label}].map(lambda v: _spelling.get(v.strip(), v) if isinstance(v, str) else v)";
    }

    public static string Clip(string label, double lower, double upper, string? conversion) =>
        (conversion is null ? "" : conversion + "\n") + $"df[{label}] = df[{label}].clip(lower={PythonLiteral.Number(lower)}, upper={PythonLiteral.Number(upper)})";

    public static string DropColumn(string label) => $"df = df.drop(columns=[{label}])";

    public static string KeepFirstPerKey(string label, bool dropMissing) => dropMissing
        ? $"df = df[df[{label}].notna()].drop_duplicates(subset=[{label}], keep=\"first\").reset_index(drop=True)"
        : $"df = df.drop_duplicates(subset=[{label}], keep=\"first\").reset_index(drop=True)";
}
