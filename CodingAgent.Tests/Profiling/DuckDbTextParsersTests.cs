using System.Globalization;
using System.Text;
using CodingAgent.Profiler;
using DuckDB.NET.Data;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// The .NET conversions of text in <see cref="DuckDbTextParsers"/> against DuckDB itself: hand-picked edge cases and a few thousand random
/// strings from a grammar of digits, signs, points, exponents, whitespace, letters, separators, month names and times, each converted by
/// the .NET method and by the DuckDB expression it mirrors. A value the method gives must be DuckDB's (doubles to the bit, times to the
/// microsecond), a NULL it claims must be DuckDB's NULL, and a read_csv failure it claims must fail the read; it may always be unsure,
/// but never on the common forms.
/// </summary>
public sealed class DuckDbTextParsersTests : IDisposable
{
    private const int RandomCount = 3000;

    private static readonly string[] _strptimeFormats =
    [
        "%Y/%m/%d", "%Y.%m.%d", "%m/%d/%Y", "%d/%m/%Y", "%m-%d-%Y", "%d-%m-%Y", "%d.%m.%Y", "%b %d, %Y", "%d %b %Y", "%d-%b-%Y",
        "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M",
    ];

    private static readonly string[] _monthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private readonly string _folder = Directory.CreateTempSubdirectory("duckdb-text-parsers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Doubles_parse_as_DuckDB_s_try_cast_does()
    {
        var corpus = NumberCorpus();
        var rows = Rows(corpus, "TRY_CAST(r AS DOUBLE)");
        var problems = new List<string>();

        for (var k = 0; k < corpus.Count; k++)
        {
            var answer = DuckDbTextParsers.TryDouble(Utf8(corpus[k]), out var value);
            CheckDouble(problems, corpus[k], answer, value, rows[k][0]);
        }

        Assert.True(problems.Count == 0, Report(problems));
        foreach (var common in new[] { "0", "1", "-1", "42", "12.5", "-12.5", "0.001", "1e5", "1E-3", "-2.5e+10", "3.14159", "1234567.89", ".5", "5.",
            " 7 ", "+3", "-0", "100000000000000000000", "0.1234567890123456789", "6.02214076e23", "1e400", "4.9e-324", "1.7976931348623157e308" })
        {
            Assert.True(DuckDbTextParsers.TryDouble(Utf8(common), out _) == TextParse.Parsed, $"{Show(common)} is unsure");
        }
        foreach (var text in new[] { "", " ", "abc", "1,5", "$1", "--1", "1e", "." })
        {
            Assert.Equal(TextParse.Null, DuckDbTextParsers.TryDouble(Utf8(text), out _));
        }
    }

    [Fact]
    public void Numbers_written_as_text_parse_as_the_plans_casts_parse_them()
    {
        var random = new Random(17);
        var corpus = new List<string>(NumberCorpus())
        {
            "$1,234.50", "1,234.50", "$0.00", "$,5", "5,", "$.5", "$5.", ".5", "5.", "1.2.3", "$1,234.5,0", "", "$", "(12.50)", "($1,234.50)",
            "12%", "$ 5", " 5", "0,0", "-5", "$-5", "$1,234,567,890,123.45", "$12,345,678,901,234.5", "0000000000000001", "$000,000,000,000,000.1",
        };
        for (var k = 0; k < 2_000; k++)
        {
            var number = random.NextInt64(0, k % 3 == 0 ? 10_000_000_000_000_000 : 100_000) / 100.0;
            var text = number.ToString(k % 2 == 0 ? "N2" : "F2", CultureInfo.InvariantCulture);
            corpus.Add(k % 5 == 0 ? text : "$" + text);
        }
        var rows = Rows(corpus, $"coalesce(TRY_CAST({ColumnPlan.DollarsStripped("r")} AS DOUBLE), TRY_CAST({ColumnPlan.StrippedNumber("r")} AS DOUBLE))");
        var problems = new List<string>();
        Span<byte> buffer = stackalloc byte[256];

        for (var k = 0; k < corpus.Count; k++)
        {
            var answer = TextValues.NumberFromText(Utf8(corpus[k]), buffer, out var value);
            CheckDouble(problems, corpus[k], answer, value, rows[k][0]);
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Bigints_parse_as_DuckDB_s_try_cast_does_rounding_fractions_half_away_from_zero()
    {
        var corpus = NumberCorpus();
        var rows = Rows(corpus, "TRY_CAST(r AS BIGINT)");
        var problems = new List<string>();

        for (var k = 0; k < corpus.Count; k++)
        {
            var answer = DuckDbTextParsers.TryBigint(Utf8(corpus[k]), out var value);
            CheckLong(problems, corpus[k], answer, value, rows[k][0]);
        }

        Assert.True(problems.Count == 0, Report(problems));
        foreach (var (text, expected) in new[] { ("0", 0L), ("42", 42), ("-17", -17), (" 12 ", 12), ("+5", 5), ("1.0", 1), ("2.5", 3), ("-2.5", -3),
            ("1.49", 1), ("1e3", 1000), ("15e-1", 2), ("9223372036854775807", long.MaxValue), ("-9223372036854775808", long.MinValue) })
        {
            Assert.Equal(TextParse.Parsed, DuckDbTextParsers.TryBigint(Utf8(text), out var value));
            Assert.Equal(expected, value);
        }
        Assert.Equal(TextParse.Null, DuckDbTextParsers.TryBigint(Utf8("9223372036854775808"), out _));
        Assert.Equal(TextParse.Null, DuckDbTextParsers.TryBigint(Utf8("12abc"), out _));
    }

    [Fact]
    public void Dates_parse_as_DuckDB_s_try_cast_does_and_their_epoch_is_DuckDB_s()
    {
        var corpus = DateCorpus();
        var rows = Rows(corpus, """
            TRY_CAST(r AS DATE) IS NULL,
            CASE WHEN isfinite(TRY_CAST(r AS DATE)) THEN TRY_CAST(r AS DATE) - DATE '1970-01-01' END,
            CASE WHEN isfinite(TRY_CAST(r AS DATE)) THEN epoch_us(TRY_CAST(TRY_CAST(r AS DATE) AS TIMESTAMP)) END,
            CASE WHEN isfinite(TRY_CAST(r AS DATE)) THEN epoch(TRY_CAST(TRY_CAST(r AS DATE) AS TIMESTAMP)) END
            """);
        var problems = new List<string>();

        for (var k = 0; k < corpus.Count; k++)
        {
            var answer = DuckDbTextParsers.TryDate(Utf8(corpus[k]), out var days);
            var isNull = (bool)rows[k][0]!;
            if (answer == TextParse.Null && !isNull)
            {
                problems.Add($"{Show(corpus[k])}: Null, DuckDB {rows[k][1] ?? "a non-finite date"}");
            }
            else if (answer == TextParse.Parsed && (isNull || rows[k][1] is not long duckDays || duckDays != days
                || (long)rows[k][2]! != DuckDbTextParsers.DateMicros(days) || !SameBits((double)rows[k][3]!, DuckDbTextParsers.DateEpochSeconds(days))))
            {
                problems.Add($"{Show(corpus[k])}: {days} days, DuckDB {(isNull ? "NULL" : rows[k][1])}");
            }
        }

        Assert.True(problems.Count == 0, Report(problems));
        foreach (var common in new[] { "2024-01-15", "2024-1-5", "1999-12-31", "2000-02-29", " 2024-01-15 ", "2024/01/15", "2024-01-15 12:30:00", "0001-01-01" })
        {
            Assert.True(DuckDbTextParsers.TryDate(Utf8(common), out _) == TextParse.Parsed, $"{Show(common)} is unsure");
        }
        Assert.Equal(TextParse.Null, DuckDbTextParsers.TryDate(Utf8("2023-02-29"), out _));
        Assert.Equal(TextParse.Null, DuckDbTextParsers.TryDate(Utf8("hello"), out _));
    }

    [Fact]
    public void Timestamps_parse_as_DuckDB_s_try_cast_does_and_their_epoch_is_DuckDB_s()
    {
        var corpus = DateCorpus();
        var rows = Rows(corpus, """
            TRY_CAST(r AS TIMESTAMP) IS NULL,
            CASE WHEN isfinite(TRY_CAST(r AS TIMESTAMP)) THEN epoch_us(TRY_CAST(r AS TIMESTAMP)) END,
            CASE WHEN isfinite(TRY_CAST(r AS TIMESTAMP)) THEN epoch(TRY_CAST(r AS TIMESTAMP)) END
            """);
        var problems = new List<string>();

        for (var k = 0; k < corpus.Count; k++)
        {
            var answer = DuckDbTextParsers.TryTimestamp(Utf8(corpus[k]), out var micros);
            CheckMicros(problems, corpus[k], answer, micros, (bool)rows[k][0]!, rows[k][1], rows[k][2]);
        }

        Assert.True(problems.Count == 0, Report(problems));
        foreach (var common in new[] { "2024-01-15 12:30:00", "2024-01-15T12:30:00", "2024-01-15 12:30", "2024-01-15 12:30:00.123456", "2024-01-15",
            "1969-12-31 23:59:59.999999", "2024-01-15 7:05:09", "2024-01-15 12:30:00 " })
        {
            Assert.True(DuckDbTextParsers.TryTimestamp(Utf8(common), out _) == TextParse.Parsed, $"{Show(common)} is unsure");
        }
        Assert.Equal(TextParse.Null, DuckDbTextParsers.TryTimestamp(Utf8("2024-01-15 "), out _));
        Assert.Equal(TextParse.Null, DuckDbTextParsers.TryTimestamp(Utf8("2024-01-15 12:30 "), out _));
    }

    [Fact]
    public void Strptime_of_the_trimmed_text_parses_as_DuckDB_s_does_for_each_date_format()
    {
        var corpus = StrptimeCorpus();
        var rows = Rows(corpus, string.Join(", ", _strptimeFormats.Select(f =>
            $"try_strptime(trim(r), '{f}') IS NULL, CASE WHEN isfinite(try_strptime(trim(r), '{f}')) THEN epoch_us(try_strptime(trim(r), '{f}')) END")));
        var problems = new List<string>();
        var unsure = 0;

        for (var k = 0; k < corpus.Count; k++)
        {
            for (var f = 0; f < _strptimeFormats.Length; f++)
            {
                var answer = DuckDbTextParsers.TryStrptime(Utf8(corpus[k]), _strptimeFormats[f], out var micros);
                // non-ASCII text that does not parse is unsure by design (trim removes Unicode spaces)
                unsure += answer == TextParse.Unsure && Ascii.IsValid(corpus[k]) ? 1 : 0;
                CheckMicros(problems, $"{corpus[k]} as {_strptimeFormats[f]}", answer, micros, (bool)rows[k][2 * f]!, rows[k][2 * f + 1], null);
            }
        }

        Assert.True(problems.Count == 0, Report(problems));
        Assert.True(unsure < corpus.Count * _strptimeFormats.Length / 100, $"{unsure} unsure answers on ASCII text");
        Assert.Equal(TextParse.Unsure, DuckDbTextParsers.TryStrptime(Utf8("2024-01-15"), "%Y-%m-%d", out _));
        foreach (var format in _strptimeFormats)
        {
            foreach (var time in CommonTimes())
            {
                foreach (var padded in new[] { true, false })
                {
                    var text = Render(format, time, padded);
                    var expected = format.Contains("%S", StringComparison.Ordinal) ? time
                        : format.Contains("%M", StringComparison.Ordinal) ? time.AddSeconds(-time.Second)
                        : time.Date;
                    Assert.True(DuckDbTextParsers.TryStrptime(Utf8(text), format, out var micros) == TextParse.Parsed, $"{Show(text)} as {format} is unsure");
                    Assert.Equal((expected - DateTime.UnixEpoch).Ticks / 10, micros);
                }
            }
        }
    }

    [Fact]
    public void Booleans_parse_as_DuckDB_s_try_cast_does()
    {
        var corpus = BooleanCorpus();
        var rows = Rows(corpus, "TRY_CAST(r AS BOOLEAN)");
        var problems = new List<string>();

        for (var k = 0; k < corpus.Count; k++)
        {
            var answer = DuckDbTextParsers.TryBoolean(Utf8(corpus[k]), out var value);
            if (answer == TextParse.Unsure || (answer == TextParse.Null) != (rows[k][0] is null) || (answer == TextParse.Parsed && (bool)rows[k][0]! != value))
            {
                problems.Add($"{Show(corpus[k])}: {answer} {value}, DuckDB {rows[k][0] ?? "NULL"}");
            }
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Read_csv_reads_typed_fields_as_the_ReadCsv_methods_say_and_fails_where_they_say_it_fails()
    {
        var problems = new List<string>();

        CheckReadCsv(problems, "DOUBLE", "x", ["", .. NumberCorpus()], (field, row) =>
        {
            var answer = DuckDbTextParsers.ReadCsvDouble(Utf8(field), out var value);
            CheckDouble(problems, field, answer == TextParse.Fails ? TextParse.Null : answer, value, row?[0]);
            return answer;
        });
        CheckReadCsv(problems, "BIGINT", "x", ["", .. NumberCorpus()], (field, row) =>
        {
            var answer = DuckDbTextParsers.ReadCsvBigint(Utf8(field), out var value);
            CheckLong(problems, field, answer == TextParse.Fails ? TextParse.Null : answer, value, row?[0]);
            return answer;
        });
        CheckReadCsv(problems, "DATE", "CASE WHEN isfinite(x) THEN x - DATE '1970-01-01' END", ["", .. DateCorpus()], (field, row) =>
        {
            var answer = DuckDbTextParsers.ReadCsvDate(Utf8(field), out var days);
            if ((answer == TextParse.Parsed && (row?[0] is not long duckDays || duckDays != days)) || (answer == TextParse.Null && row?[1] is not true))
            {
                problems.Add($"DATE {Show(field)}: {answer} {days}, DuckDB {(row is null ? "skipped" : row[0] ?? "NULL or not finite")}");
            }
            return answer;
        });
        CheckReadCsv(problems, "BOOLEAN", "x", ["", .. BooleanCorpus()], (field, row) =>
        {
            var answer = DuckDbTextParsers.ReadCsvBoolean(Utf8(field), out var value);
            if ((answer == TextParse.Parsed && (row?[0] is not bool duck || duck != value)) || (answer == TextParse.Null && row?[0] is not null))
            {
                problems.Add($"BOOLEAN {Show(field)}: {answer} {value}, DuckDB {row?[0] ?? "NULL"}");
            }
            return answer;
        });

        Assert.True(problems.Count == 0, Report(problems));
        Assert.Equal(TextParse.Fails, DuckDbTextParsers.ReadCsvBoolean(Utf8(" true"), out _));
        Assert.Equal(TextParse.Parsed, DuckDbTextParsers.ReadCsvBigint(Utf8(" 1.5 "), out var rounded));
        Assert.Equal(2, rounded);
        Assert.Equal(TextParse.Parsed, DuckDbTextParsers.ReadCsvDate(Utf8("2024-01-15abc"), out _));
    }

    [Fact]
    public void Common_forms_are_read_without_allocating()
    {
        var numbers = new[] { "42", "-12.5", "1e5", "123456789012345678901234", " 7 " }.Select(Utf8).ToArray();
        var dates = new[] { "2024-01-15", "2024-01-15 12:30:00.5", "2024-01-15T12:30:00" }.Select(Utf8).ToArray();
        var slashed = Utf8("01/15/2024 12:30");
        var named = Utf8("Jan 15, 2024");
        var words = new[] { "true", "no", "hello" }.Select(Utf8).ToArray();
        void ReadAll()
        {
            foreach (var number in numbers)
            {
                DuckDbTextParsers.TryDouble(number, out _);
                DuckDbTextParsers.ReadCsvBigint(number, out _);
            }
            foreach (var date in dates)
            {
                DuckDbTextParsers.ReadCsvDate(date, out _);
                DuckDbTextParsers.TryTimestamp(date, out _);
            }
            DuckDbTextParsers.TryStrptime(slashed, "%m/%d/%Y %H:%M", out _);
            DuckDbTextParsers.TryStrptime(named, "%b %d, %Y", out _);
            DuckDbTextParsers.TryStrptime(named, "%d/%m/%Y", out _);
            foreach (var word in words)
            {
                DuckDbTextParsers.TryBoolean(word, out _);
            }
        }

        ReadAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 1000; k++)
        {
            ReadAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Reads the fields as column x of a CSV file (typed, auto-detection off, rows that fail skipped) and hands each field with its row
    /// (<paramref name="valueSql"/> and whether x is NULL; null when the read skipped it) to <paramref name="check"/>, which answers what the
    /// .NET method said. Skipped rows must be the fields said to fail; a few of those are then read alone without skipping, and the read must fail.
    /// </summary>
    private void CheckReadCsv(List<string> problems, string type, string valueSql, IReadOnlyList<string> fields, Func<string, object?[]?, TextParse> check)
    {
        var path = Path.Combine(_folder, $"{type}.csv");
        File.WriteAllText(path, string.Concat(fields.Select((field, k) => $"{k},{CsvField(field)}\n")), new UTF8Encoding(false));
        var read = new Dictionary<int, object?[]>();
        using (var connection = Open())
        {
            foreach (var row in Query(connection, $"SELECT i, {valueSql}, x IS NULL FROM {ReadCsv(path, type)}, ignore_errors=true)"))
            {
                read[(int)row[0]!] = [row[1], row[2]];
            }
        }
        var failing = new List<string>();
        for (var k = 0; k < fields.Count; k++)
        {
            var answer = check(fields[k], read.GetValueOrDefault(k));
            if (answer == TextParse.Fails && read.ContainsKey(k))
            {
                problems.Add($"{type} {Show(fields[k])}: Fails, DuckDB read {read[k][0] ?? "NULL"}");
            }
            if (answer != TextParse.Fails && answer != TextParse.Unsure && !read.ContainsKey(k))
            {
                problems.Add($"{type} {Show(fields[k])}: {answer}, DuckDB skipped the row");
            }
            if (answer == TextParse.Fails)
            {
                failing.Add(fields[k]);
            }
        }
        foreach (var field in failing.Take(4))
        {
            var single = Path.Combine(_folder, $"{type}-single.csv");
            File.WriteAllText(single, $"0,{CsvField(field)}\n", new UTF8Encoding(false));
            using var connection = Open();
            Assert.ThrowsAny<DuckDBException>(() => Query(connection, $"SELECT * FROM {ReadCsv(single, type)})"));
        }
    }

    private static string ReadCsv(string path, string type) =>
        $"read_csv('{path}', auto_detect=false, header=false, delim=',', quote='\"', escape='\"', new_line='\\n', columns={{'i': 'INTEGER', 'x': '{type}'}}";

    private static string CsvField(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static void CheckDouble(List<string> problems, string text, TextParse answer, double value, object? duck)
    {
        if ((answer == TextParse.Null && duck is not null) || (answer == TextParse.Parsed && (duck is not double d || !SameBits(d, value))))
        {
            problems.Add($"DOUBLE {Show(text)}: {answer} {value.ToString("R", CultureInfo.InvariantCulture)}, DuckDB {(duck is double x ? x.ToString("R", CultureInfo.InvariantCulture) : "NULL")}");
        }
    }

    private static void CheckLong(List<string> problems, string text, TextParse answer, long value, object? duck)
    {
        if ((answer == TextParse.Null && duck is not null) || (answer == TextParse.Parsed && (duck is not long d || d != value)))
        {
            problems.Add($"BIGINT {Show(text)}: {answer} {value}, DuckDB {duck ?? "NULL"}");
        }
    }

    /// <summary>A time against DuckDB's: whether it was NULL, its epoch_us when finite, and (when given) its epoch().</summary>
    private static void CheckMicros(List<string> problems, string text, TextParse answer, long micros, bool isNull, object? duckMicros, object? duckEpoch)
    {
        if (answer == TextParse.Null && !isNull)
        {
            problems.Add($"{Show(text)}: Null, DuckDB {duckMicros ?? "a non-finite time"}");
        }
        else if (answer == TextParse.Parsed && (isNull || duckMicros is not long d || d != micros
            || (duckEpoch is not null && !SameBits((double)duckEpoch, DuckDbTextParsers.EpochSeconds(micros)))))
        {
            problems.Add($"{Show(text)}: {micros} µs, DuckDB {(isNull ? "NULL" : duckMicros)}");
        }
    }

    /// <summary>The rows of <c>SELECT {select} FROM t ORDER BY i</c>, where t holds the texts as column r (DBNull as null).</summary>
    private static List<object?[]> Rows(IReadOnlyList<string> texts, string select)
    {
        using var connection = Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (i INTEGER, r VARCHAR)";
            create.ExecuteNonQuery();
        }
        using (var appender = connection.CreateAppender("t"))
        {
            for (var k = 0; k < texts.Count; k++)
            {
                appender.CreateRow().AppendValue(k).AppendValue(texts[k]).EndRow();
            }
        }
        return Query(connection, $"SELECT {select} FROM t ORDER BY i");
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return connection;
    }

    private static List<object?[]> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = reader.IsDBNull(c) ? null : reader.GetValue(c);
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Edge cases and random strings for numbers.</summary>
    private static List<string> NumberCorpus()
    {
        List<string> corpus =
        [
            "inf", "-inf", "Inf", "INF", "infinity", "Infinity", "-Infinity", "+inf", "nan", "NaN", "-nan", "NAN", "nan(123)", "1_000", "1__0", "_1", "1_",
            "1_.5", "1._5", "1.5_5", "1e1_0", "0x10", "0X1A", "0b101", "0x", "0b", "-0x10", "+0x10", "1e400", "-1e400", "1e-400", "4.9e-324", "2e-324", "+", "-",
            "", " ", ".", "-.", "+.", ".e1", "1e", "1e+", "1e-", "e5", " 1 ", "\t1", "1\t", "\n1", "1\r", "\v1", "\f1", "+1", "++1", "+-1", "-+1", "--1", "1.",
            ".5", "-.5", "-5.", "1.5e3", "1.5E+3", "1.5e-3", "01", "00.5", "1,5", "1,000", "1 000", "$1", "1d", "1f", "1.0.0", "1e5.5", "1e05", "1e0005",
            "1E+0", "0", "-0", "+0", "-0.0", "00000000000000000000000000000001", "123456789012345678901234567890", "0.1", "9007199254740993",
            "9007199254740992.5", "1.7976931348623157e308", "1.7976931348623159e308", "1.797693134862315807e308", "2.4703282292062328e-324",
            "2.4703282292062327e-324", " - 1", "- 1", "- ", "+ ", "-\t", " - ", "1 e5", "\u0661", "\u00a01", "1\u00a0", "1e99999999999999999999",
            "1e-99999999999999999999", "0e99999999999999", "infinit", "infinityx", "nanx", "in", "i", "n",
            "0.000000000000000000000000000000000000000000000000000000000000000000000001e72", "1.0", "1.5", "-1.5", "2.5", "1.4999", "0.5", "-0.5",
            "1e3", "1e ", "1e 3", "1e3 ", "15e-1", "1.5e1", "1.55e1", "1e-5", "1e40000", "1e2.", "1.e3", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "9223372036854775807.4", "9223372036854775807.5", "-9223372036854775808.5",
            "-9223372036854775808.4", "1.99999999999999999999", "00012", "1.10", "1.05", "922337203685477580e1", "922337203685477581e1",
            "-922337203685477580e1", "-922337203685477581e1", "9223372036854775807e0", "123456789e-5", "125e-2", "-125e-2", "149e-2", "1000e-3",
            "0.30000000000000004", "0.1e1", "123.456e-2", "1e22", "1e23", "9007199254740993e0", "0.000001", "1e-7", "1.0000000000000002",
            "000000000000000000009223372036854775807", "-000000000000000000009223372036854775809", "999999999999999999", "9999999999999999999",
        ];
        var random = new Random(1);
        for (var k = 0; k < RandomCount; k++)
        {
            corpus.Add(RandomNumber(random));
        }
        return corpus;
    }

    private static string RandomNumber(Random random)
    {
        var text = new StringBuilder();
        text.Append(Pick(random, "", "", "", "", " ", "  ", "\t", "\n", "\r", "\v", "\f"));
        text.Append(Pick(random, "", "", "", "", "-", "-", "+", "+-", "-+", "--"));
        if (random.Next(12) == 0)
        {
            text.Append(Pick(random, "inf", "Infinity", "nan", "NaN", "0x1F", "0b101", "infinit", "nanx", "e", "n", "abc", "x1"));
        }
        else
        {
            AppendDigits(random, text, random.Next(4) == 0 ? random.Next(0, 26) : random.Next(0, 7));
            if (random.Next(2) == 0)
            {
                text.Append('.');
                AppendDigits(random, text, random.Next(4) == 0 ? random.Next(0, 26) : random.Next(0, 5));
            }
            if (random.Next(4) == 0)
            {
                text.Append(Pick(random, "e", "E")).Append(Pick(random, "", "", "+", "-"));
                if (random.Next(5) == 0)
                {
                    text.Append(Pick(random, "308", "309", "324", "325", "400", "22", "23", "0", "00019"));
                }
                else
                {
                    AppendDigits(random, text, random.Next(0, 3));
                }
            }
        }
        if (random.Next(12) == 0)
        {
            text.Insert(random.Next(text.Length + 1), Pick(random, "_", ".", ",", " ", "$", "a", "e", "\t", "-", "+", "0"));
        }
        text.Append(Pick(random, "", "", "", "", " ", "  ", "\t", "\n", "x", " 1"));
        return text.ToString();
    }

    private static void AppendDigits(Random random, StringBuilder text, int count)
    {
        for (var d = 0; d < count; d++)
        {
            // runs of 9s and 0s make carries, halfway and leading-zero cases likelier
            text.Append(random.Next(5) switch
            {
                0 => '0',
                1 => '9',
                2 => '5',
                _ => (char)('0' + random.Next(10)),
            });
        }
    }

    /// <summary>Edge cases and random strings for dates and timestamps.</summary>
    private static List<string> DateCorpus()
    {
        List<string> corpus =
        [
            "2024-01-15", "2024-1-5", " 2024-01-15 ", "2024-01-15 ", "\t2024-01-15\n", "2024/01/15", "2024 01 15", "2024\\01\\15", "2024-01/15",
            "2024.01.15", "2024-01-15abc", "2024-01-15x", "2024-01-15 12:30:00", "2024-01-15T12:30:00", "2024-01-15t12:30:00", "2024-01-15 12:30:00.123456",
            "2024-01-15 12:30:00.1234567", "2024-01-15 12:30:00.5", "2024-01-15 12:30:00.", "2024-01-15 12:30", "2024-01-15 12:30 ", "2024-01-15 12:30:",
            "2024-01-15 12:", "2024-01-15 12:30:00 ", "2024-01-15 12:30:00   ", "2024-01-15 12:30:00\t", "2024-01-15 12:30:00Z", "2024-01-15 12:30:00+01",
            "2024-01-15 12:30:00 UTC", "2024-01-15 12:30:00 CET", "2024-01-15 24:00:00", "2024-01-15 24:00:01", "2024-01-15 25:00:00", "2024-01-15 7:05:09",
            "2024-01-15 07:5:09", "2024-01-15 07:05:9", "2024-01-15 12:30:60", "2024-01-15 12:60:00", "2024-01-15T", "2024-01-15 12", "2024-01-15  12:30:00",
            "2024-01-15 123:00:00", "2024-01-15 12:30:001", "2024-01-156", "2024-02-30", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29",
            "0001-01-01", "0000-01-01", "0000-02-29", "24-01-15", "9999-12-31", "10000-01-01", "-2024-01-15", "2024-01-15 (BC)", "2024-01-15 (bc)",
            "epoch", "infinity", "-infinity", "inf", "Epoch", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-001-01", "2024-01-001",
            "1969-12-31 23:59:59.999999", "1500-06-15 01:02:03.000001", "", " ", "hello", "2024", "2024-", "2024-01", "2024-01-", "\u00a02024-01-15",
        ];
        var random = new Random(2);
        for (var k = 0; k < RandomCount; k++)
        {
            corpus.Add(RandomDate(random));
        }
        return corpus;
    }

    private static string RandomDate(Random random)
    {
        var text = new StringBuilder();
        text.Append(Pick(random, "", "", "", "", " ", "  ", "\t", "-"));
        var year = random.Next(4) == 0 ? int.Parse(Pick(random, "0", "1", "1900", "2000", "2023", "2024", "9999", "10000", "24"), CultureInfo.InvariantCulture) : random.Next(1, 10_000);
        text.Append(Number(random, year, 4));
        var separator = Pick(random, "-", "-", "-", "-", "/", " ", "\\", ".", "");
        var february = random.Next(5) == 0;
        text.Append(separator).Append(Number(random, february ? 2 : random.Next(0, 14), 2));
        text.Append(random.Next(20) == 0 ? Pick(random, "-", "/", ".") : separator);
        text.Append(Number(random, february ? random.Next(27, 31) : random.Next(0, 33), 2));
        if (random.Next(3) > 0)
        {
            text.Append(Pick(random, " ", " ", "T", "T", "t", "  ", "\t", "x", ""));
            text.Append(Number(random, random.Next(4) == 0 ? random.Next(0, 100) : random.Next(0, 24), 2)).Append(':');
            text.Append(Number(random, random.Next(0, 62), 2));
            if (random.Next(4) > 0)
            {
                text.Append(':').Append(Number(random, random.Next(0, 62), 2));
                if (random.Next(3) == 0)
                {
                    text.Append('.');
                    AppendDigits(random, text, random.Next(0, 10));
                }
            }
        }
        text.Append(Pick(random, "", "", "", "", " ", "  ", "\t", "Z", "+01", " UTC", "x", "5", " (BC)", "\n"));
        return text.ToString();
    }

    /// <summary>Edge cases, and random renderings of random (valid and invalid) values in random formats, spacings and mutations.</summary>
    private static List<string> StrptimeCorpus()
    {
        List<string> corpus =
        [
            "01/15/2024", "1/5/2024", "01/15/24", "1/5/24", "01/15/0024", "01/15/12345", "001/15/2024", "02/30/2024", " 01/15/2024 ", "\t01/15/2024\n",
            "01/15/2024x", "01 /15/2024", "epoch", "infinity", "-infinity", "Infinity ", "inf", "infin", "Jan 15, 2024", "jan 15, 2024", "JAN 15, 2024",
            "January 15, 2024", "Jan 5, 2024", "Jan  15,  2024", "Jan\t15,\t2024", "Jan 15,2024", "Jan 15 , 2024", "Jan 015, 2024", "Feb 30, 2024",
            "15 Jan 2024", "15 January 2024", "5 jan 2024", "15-Jan-2024", "15-jan-24", "2024-01-15T12:30:00", "2024-01-15T12:30:00.5", "2024-01-15T1:2:3",
            "2024-01-15T24:00:00", "2024-01-15T12:30:60", "2024-01-15 12:30:00", "2024-01-15 12:30", "01/15/2024 12:30", "01/15/2024 12:30:00",
            "01/15/2024  12:30", "01/15/2024 1:05", "01/15/2024 12:5", "15/01/2024 12:30:00", "15.01.2024", "2024.01.15", "2024/01/15", "01-15-2024",
            "15-01-2024", "\u00a001/15/2024", "01/15/2024\u00a0", "01/15/2024 \u00a0x", "\u3000Jan 15, 2024", "", " ", "\t", "29/02/2023", "29/02/2024",
            "31/04/2024", "0/1/2024", "1/0/2024", "13/13/2024", "1/1/0", "1/1/0000", "29.02.1900", "29.02.2000",
        ];
        foreach (var format in _strptimeFormats)
        {
            corpus.AddRange(CommonTimes().SelectMany(time => new[] { Render(format, time, padded: true), Render(format, time, padded: false) }));
        }
        var random = new Random(3);
        for (var k = 0; k < 2 * RandomCount; k++)
        {
            corpus.Add(RandomStrptimeText(random));
        }
        return corpus;
    }

    private static string RandomStrptimeText(Random random)
    {
        var format = _strptimeFormats[random.Next(_strptimeFormats.Length)];
        var text = new StringBuilder(Pick(random, "", "", "", "", " ", "  ", "\t"));
        var february = random.Next(5) == 0;
        for (var f = 0; f < format.Length; f++)
        {
            if (format[f] != '%')
            {
                text.Append(format[f] == ' ' ? Pick(random, " ", " ", " ", "  ", "\t", "") : format[f].ToString());
                continue;
            }
            switch (format[++f])
            {
                case 'Y':
                    text.Append(random.Next(6) == 0 ? Pick(random, "24", "0", "0000", "1900", "2000", "12345", "99") : Number(random, random.Next(1, 10_000), 4));
                    break;
                case 'm':
                    text.Append(Number(random, february ? 2 : random.Next(0, 14), 2));
                    break;
                case 'd':
                    text.Append(Number(random, february ? random.Next(27, 31) : random.Next(0, 33), 2));
                    break;
                case 'b':
                    var name = random.Next(8) == 0 ? Pick(random, "Foo", "Sept", "Ja", "J") : _monthNames[february ? 1 : random.Next(12)];
                    name = random.Next(6) == 0 ? name : name[..Math.Min(3, name.Length)];
                    text.Append(random.Next(4) switch
                    {
                        0 => name.ToUpperInvariant(),
                        1 => name.ToLowerInvariant(),
                        _ => name,
                    });
                    break;
                case 'H':
                    text.Append(Number(random, random.Next(5) == 0 ? random.Next(0, 100) : random.Next(0, 24), 2));
                    break;
                default:
                    text.Append(Number(random, random.Next(0, 62), 2));
                    break;
            }
        }
        text.Append(Pick(random, "", "", "", "", " ", "  ", "\t", "x", ":00", "\u00a0"));
        if (random.Next(8) == 0)
        {
            var at = random.Next(text.Length);
            if (random.Next(2) == 0)
            {
                text.Remove(at, 1);
            }
            else
            {
                text.Insert(at, Pick(random, "0", "1", " ", "/", "-", ".", ":", ",", "a", "T"));
            }
        }
        return text.ToString();
    }

    /// <summary>Spellings of true and false, near misses, whitespace and random letters.</summary>
    private static List<string> BooleanCorpus()
    {
        List<string> corpus =
        [
            "true", "false", "TRUE", "True", "tRuE", "FALSE", "t", "f", "T", "F", "yes", "no", "YES", "No", "y", "n", "Y", "N", "on", "off", "0", "1", "2",
            "-1", "00", "01", "1.0", " true", "true ", " t", "\ttrue", "tru", "fals", "truee", "", " ", "\u0011", "\u0010", "\u0014", "\u0006", "yess", "nope",
        ];
        var random = new Random(4);
        var words = new[] { "true", "false", "t", "f", "yes", "no", "y", "n", "1", "0", "on", "off", "x", "tr", "nO" };
        for (var k = 0; k < RandomCount / 3; k++)
        {
            var word = new StringBuilder(words[random.Next(words.Length)]);
            for (var c = 0; c < word.Length; c++)
            {
                word[c] = random.Next(2) == 0 ? char.ToUpperInvariant(word[c]) : word[c];
            }
            if (random.Next(4) == 0)
            {
                word.Insert(random.Next(word.Length + 1), Pick(random, " ", "\t", "e", "s", "1", "!"));
            }
            corpus.Add(word.ToString());
        }
        return corpus;
    }

    private static DateTime[] CommonTimes() => [new(2024, 1, 5, 7, 8, 9), new(1999, 12, 31, 23, 59, 59), new(2000, 2, 29, 0, 0, 0), new(1970, 1, 1, 0, 0, 0)];

    /// <summary>A value with zero padding to the width, without it, or with an extra leading zero.</summary>
    private static string Number(Random random, int value, int width) => random.Next(6) switch
    {
        0 => value.ToString(CultureInfo.InvariantCulture),
        1 => value.ToString(CultureInfo.InvariantCulture).PadLeft(width + 1, '0'),
        _ => value.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'),
    };

    /// <summary>A time written in a strptime format, with or without zero padding of days, months and times.</summary>
    private static string Render(string format, DateTime time, bool padded)
    {
        var text = new StringBuilder();
        for (var f = 0; f < format.Length; f++)
        {
            if (format[f] != '%')
            {
                text.Append(format[f]);
                continue;
            }
            var specifier = format[++f];
            var value = specifier switch
            {
                'Y' => time.Year,
                'm' => time.Month,
                'd' => time.Day,
                'H' => time.Hour,
                'M' => time.Minute,
                'S' => time.Second,
                _ => 0,
            };
            text.Append(specifier switch
            {
                'b' => _monthNames[time.Month - 1][..3],
                'Y' => value.ToString("D4", CultureInfo.InvariantCulture),
                _ => value.ToString(padded ? "D2" : "D1", CultureInfo.InvariantCulture),
            });
        }
        return text.ToString();
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static string Show(string text)
    {
        var shown = new StringBuilder("\"");
        foreach (var c in text)
        {
            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return shown.Append('"').ToString();
    }

    private static string Report(List<string> problems) => $"{problems.Count} disagreements with DuckDB:\n" + string.Join("\n", problems.Take(40));
}
