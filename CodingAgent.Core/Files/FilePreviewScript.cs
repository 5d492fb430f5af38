using System.Globalization;
using System.Text;

namespace CodingAgent.Core.Files;

/// <summary>
/// The fixed Python that previews one workspace file in the session's kernel (as <see cref="Agent.WorkspaceProfiler"/>
/// profiles them for the prompt): it reads at most a few rows with pandas and prints one marked JSON line. The file
/// name travels as base64, so no name can change the code; the helper deletes itself, leaving the kernel's variables as
/// they were.
/// </summary>
internal static class FilePreviewScript
{
    public const string Marker = "__CODINGAGENT_PREVIEW__";

    /// <summary>
    /// The Python function <c>cell(v)</c> that turns a pandas value into JSON (numbers kept, NaN as null, text cut at
    /// <c>max_cell</c>), indented to sit in the body of a function that has <c>math</c>, <c>pd</c> and <c>max_cell</c>.
    /// </summary>
    internal const string CellFunction = """
            def cell(v):
                if v is None:
                    return None
                if hasattr(v, "item") and not isinstance(v, (str, bytes)):
                    try:
                        v = v.item()
                    except Exception:
                        pass
                if isinstance(v, bool):
                    return v
                if isinstance(v, int):
                    return v if abs(v) < 2 ** 53 else str(v)
                if isinstance(v, float):
                    return None if math.isnan(v) else (v if math.isfinite(v) else str(v))
                try:
                    if pd.isna(v):
                        return None
                except (TypeError, ValueError):
                    pass
                s = v.isoformat() if hasattr(v, "isoformat") else str(v)
                return s if len(s) <= max_cell else s[:max_cell - 1] + "\u2026"
        """;

    private const string Script = """
        def __ca_preview(encoded, max_rows, max_cols, max_cell):
            import base64, json, math, os
            import pandas as pd
            name = base64.b64decode(encoded).decode("utf-8")
            __CA_CELL__
            def lines(path):
                count = 0
                with open(path, "rb") as f:
                    while True:
                        chunk = f.read(1 << 22)
                        if not chunk:
                            return count
                        count += chunk.count(b"\n")
            class NotATable(Exception):
                pass
            out = {"rowCount": None, "sheet": None}
            try:
                ext = os.path.splitext(name)[1].lower()
                if ext in (".csv", ".tsv", ".txt"):
                    df = pd.read_csv(name, nrows=max_rows, sep=None, engine="python")
                    if len(df) < max_rows:
                        out["rowCount"] = len(df)
                    elif os.path.getsize(name) <= 2_000_000_000:
                        out["rowCount"] = max(lines(name) - 1, len(df))
                elif ext in (".xlsx", ".xlsm", ".xls"):
                    book = pd.ExcelFile(name)
                    out["sheet"] = str(book.sheet_names[0])
                    df = book.parse(book.sheet_names[0], nrows=max_rows)
                    if len(df) < max_rows:
                        out["rowCount"] = len(df)
                elif ext == ".parquet":
                    df = pd.read_parquet(name)
                    out["rowCount"] = len(df)
                elif ext == ".json":
                    df = pd.read_json(name)
                    out["rowCount"] = len(df)
                else:
                    raise NotATable("it is not a table format the preview reads (CSV, TSV, TXT, Excel, Parquet or JSON)")
                head = df.head(max_rows)
                out["columnCount"] = int(df.shape[1])
                out["columns"] = [{"name": str(c)[:max_cell], "dtype": str(t)} for c, t in list(zip(head.columns, head.dtypes))[:max_cols]]
                out["rows"] = [[cell(v) for v in row[:max_cols]] for row in head.itertuples(index=False, name=None)]
            except Exception as e:
                message = str(e).strip().splitlines()[0] if str(e).strip() else ""
                kind = "" if isinstance(e, NotATable) else type(e).__name__ + (": " if message else "")
                out = {"error": kind + message[:300]}
            print("__CODINGAGENT_PREVIEW__" + json.dumps(out, allow_nan=False, default=str))
        __ca_preview("__CA_NAME__", __CA_ROWS__, __CA_COLS__, __CA_CELL__)
        del __ca_preview
        """;

    public static string Build(string fileName, int maxRows, int maxColumns, int maxCellChars) =>
        Script.Replace("    __CA_CELL__", CellFunction, StringComparison.Ordinal).Replace("__CA_NAME__", Convert.ToBase64String(Encoding.UTF8.GetBytes(fileName)), StringComparison.Ordinal)
              .Replace("__CA_ROWS__", maxRows.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
              .Replace("__CA_COLS__", maxColumns.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
              .Replace("__CA_CELL__", maxCellChars.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
