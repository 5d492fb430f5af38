using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Profiling;

/// <summary>The profiling engine in this process: formats, names, types, statistics and bad input.</summary>
public sealed class FileProfilerTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static ColumnProfile Column(FileProfile profile, string name) => profile.Tables.Single().Columns.Single(c => c.Name == name);

    [Fact]
    public async Task Numbers_with_currency_symbols_are_decimal_with_a_numeric_text_finding()
    {
        var path = _fixture.Write("prices.csv", "item,price\na,\"$1,234.50\"\nb,$3.00\nc,\"$10,000.25\"\nd,(12.50)\n");

        var profile = await _fixture.ProfileAsync(path);

        var price = Column(profile, "price");
        Assert.Equal(ColumnTypes.Decimal, price.Type);
        Assert.Equal("VARCHAR", price.StorageType);
        Assert.Equal(-12.5, price.Min!.Value.GetDouble());
        Assert.Equal(10000.25, price.Max!.Value.GetDouble());
        var finding = Assert.Single(profile.Findings, f => f.Kind == FindingKinds.NumericText);
        Assert.Equal("numeric_text:prices:price", finding.Id);
        Assert.Equal(4, finding.Rows);
    }

    [Fact]
    public async Task Numbers_stored_as_text_with_markers_are_integers_with_a_null_markers_finding()
    {
        var rows = string.Concat(Enumerable.Range(1, 30).Select(i => $"{i},{(i % 10 == 0 ? "-" : i % 7 == 0 ? "N/A" : (i * 3).ToString(System.Globalization.CultureInfo.InvariantCulture))}\n"));
        var path = _fixture.Write("counts.csv", "n,count\n" + rows);

        var profile = await _fixture.ProfileAsync(path);

        var count = Column(profile, "count");
        Assert.Equal(ColumnTypes.Integer, count.Type);
        Assert.Equal(7, count.Nulls);
        Assert.Equal(3, count.Min!.Value.GetInt64());
        Assert.Equal(87, count.Max!.Value.GetInt64());
        Assert.NotNull(count.Quantiles);
        Assert.Equal(ProfileLimits.HistogramBins, count.Histogram!.Count);
        Assert.Equal(23, count.Histogram.Sum(b => b.Count));
        var finding = Assert.Single(profile.Findings, f => f.Kind == FindingKinds.NullMarkers);
        Assert.Equal(7, finding.Rows);
        Assert.Contains("'-', 'N/A'", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(profile.Findings, f => f.Kind == FindingKinds.MixedTypes);
    }

    [Fact]
    public async Task Columns_get_types_statistics_top_values_and_examples()
    {
        var text = new StringBuilder("id,city,active,joined,score,note\n");
        for (var i = 1; i <= 60; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{(i % 3 == 0 ? "Lyon" : "Nice")},{(i % 2 == 0 ? "true" : "false")},2024-01-{i % 28 + 1:00} 10:00:00,{i * 0.5},free text number {i} here\n");
        }
        var profile = await _fixture.ProfileAsync(_fixture.Write("people.csv", text.ToString()));

        var table = profile.Tables.Single();
        Assert.Equal(60, table.Rows);
        Assert.Equal(6, table.ColumnCount);
        Assert.Equal("csv", table.Read.Format);
        Assert.Equal(",", table.Read.Delimiter);
        Assert.Equal("utf-8", table.Read.Encoding);
        Assert.True(table.Read.Header);
        Assert.Equal(ColumnTypes.Identifier, Column(profile, "id").Type);
        var city = Column(profile, "city");
        Assert.Equal(ColumnTypes.Categorical, city.Type);
        Assert.Equal(2, city.Distinct);
        Assert.Equal([new TopValue("Nice", 40), new TopValue("Lyon", 20)], city.Top);
        Assert.Equal(ColumnTypes.Boolean, Column(profile, "active").Type);
        var joined = Column(profile, "joined");
        Assert.Equal(ColumnTypes.DateTime, joined.Type);
        Assert.Equal("%Y-%m-%d %H:%M:%S", joined.DateFormat);
        var score = Column(profile, "score");
        Assert.Equal(ColumnTypes.Decimal, score.Type);
        Assert.Equal(15.25, score.Mean!.Value, 6);
        Assert.Equal(0.5, score.Min!.Value.GetDouble());
        Assert.Equal(60, score.Distinct);
        Assert.Equal(5, score.Quantiles!.Count);
        Assert.Equal(0L, score.Outliers);
        var note = Column(profile, "note");
        Assert.Equal(ColumnTypes.Text, note.Type);
        Assert.Equal(["free text number 1 here", "free text number 2 here", "free text number 3 here", "free text number 4 here", "free text number 5 here"], note.Examples);
        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal(1, profile.Progress);
    }

    [Fact]
    public async Task Table_names_are_the_lowercased_stem_with_other_characters_made_underscores()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("upload.bin", "a,b\n1,2\n"), "Sales 2024 (Q1).csv");

        Assert.Equal("sales_2024__q1_", profile.Tables.Single().Name);
    }

    [Theory]
    [InlineData("cp1252", "cp1252")]
    [InlineData("latin-1", "latin-1")]
    [InlineData("utf-16", "utf-16")]
    [InlineData("utf-8-sig", "utf-8-sig")]
    public async Task Encodings_are_detected_and_named_as_pandas_names_them(string encoding, string expected)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (bytes, text) = encoding switch
        {
            "cp1252" => (Encoding.GetEncoding(1252).GetBytes("name,price\nCafé,€5\nNaïve,€6\n"), "Café"),
            "latin-1" => (Encoding.Latin1.GetBytes("name,price\nCafé,5\nNaïve,6\n"), "Café"),
            "utf-16" => (Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name,price\nCafé,5\nNaïve,6\n")).ToArray(), "Café"),
            _ => (Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name,price\nCafé,5\nNaïve,6\n")).ToArray(), "Café"),
        };
        var path = _fixture.Write("menu.csv", bytes);

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal(expected, profile.Tables.Single().Read.Encoding);
        Assert.Equal(["name", "price"], profile.Tables.Single().Columns.Select(c => c.Name));
        Assert.Contains(text, Column(profile, "name").Examples);
        var results = await Pandas.RunStepsAsync(path, profile.Tables.Single(), []);
        Assert.Equal(2, results.Single().Rows);
    }

    [Fact]
    public async Task Tab_separated_files_are_read_with_their_delimiter()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("data.tsv", "a\tb\n1\tx\n2\ty\n"));

        var table = profile.Tables.Single();
        Assert.Equal("tsv", table.Read.Format);
        Assert.Equal("\t", table.Read.Delimiter);
        Assert.Equal(["a", "b"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Json_arrays_and_json_lines_are_tables_with_nested_values_as_text()
    {
        var array = await _fixture.ProfileAsync(_fixture.Write("events.json", """[{"a":1,"b":{"x":1}},{"a":2,"b":{"x":2}}]"""));
        var lines = await _fixture.ProfileAsync(_fixture.Write("events.jsonl", "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\"}\n"));

        Assert.Equal("json", array.Format);
        Assert.Equal(2, array.Tables.Single().Rows);
        Assert.Equal(ColumnTypes.Text, Column(array, "b").Type);
        Assert.Equal("jsonl", lines.Format);
        Assert.Equal(2, Column(lines, "a").Max!.Value.GetInt64());
    }

    [Fact]
    public async Task Parquet_files_are_read_with_their_types()
    {
        var path = _fixture.PathOf("measures.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT range AS id, range * 1.5 AS value, DATE '2024-01-01' + CAST(range AS INTEGER) AS day FROM range(50)) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal("parquet", profile.Format);
        Assert.Equal(50, profile.Tables.Single().Rows);
        Assert.Equal(ColumnTypes.Decimal, Column(profile, "value").Type);
        Assert.Equal(ColumnTypes.Date, Column(profile, "day").Type);
        Assert.Equal("2024-02-19", Column(profile, "day").Max!.Value.GetString());
    }

    [Fact]
    public async Task Every_sheet_of_a_workbook_is_its_own_table_named_stem_sheet()
    {
        var path = _fixture.PathOf("Budget.xlsx");
        await Pandas.WriteAsync(path, """
            with pd.ExcelWriter(path) as writer:
                pd.DataFrame({"item": ["a", "b", "c"], "cost": [1.5, 2.5, 4.0]}).to_excel(writer, sheet_name="Costs", index=False)
                pd.DataFrame({"month": ["Jan", "Feb"], "total": [10, 20]}).to_excel(writer, sheet_name="Monthly Totals", index=False)
            """);

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal(["budget_costs", "budget_monthly_totals"], profile.Tables.Select(t => t.Name));
        Assert.Equal(["Costs", "Monthly Totals"], profile.Tables.Select(t => t.Sheet));
        Assert.Equal(ColumnTypes.Decimal, profile.Tables[0].Columns.Single(c => c.Name == "cost").Type);
        Assert.Equal(ColumnTypes.Integer, profile.Tables[1].Columns.Single(c => c.Name == "total").Type);
        Assert.Equal(2, profile.Tables[1].Rows);
        var results = await Pandas.RunStepsAsync(path, profile.Tables[1], []);
        Assert.Equal(["month", "total"], results.Single().Columns);
    }

    [Fact]
    public async Task A_workbook_with_one_sheet_is_named_after_the_file()
    {
        var path = _fixture.PathOf("Single.xlsx");
        await Pandas.WriteAsync(path, """pd.DataFrame({"x": [1, 2]}).to_excel(path, sheet_name="Data", index=False)""");

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal("single", profile.Tables.Single().Name);
        Assert.Equal("xlsx", profile.Tables.Single().Read.Format);
    }

    [Fact]
    public async Task An_empty_file_fails_saying_it_is_empty()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("empty.csv", ""));

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("empty", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_only_file_is_ready_with_no_rows_and_a_note()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("header.csv", "id,name,amount\n"));

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal(0, profile.Tables.Single().Rows);
        Assert.Equal(["id", "name", "amount"], profile.Tables.Single().Columns.Select(c => c.Name));
        Assert.Contains(profile.Notes!, n => n.Contains("no data rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ragged_rows_fail_naming_the_line_and_the_field_counts()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("ragged.csv", "id,name,amount\n1,a,3\n2,b,4,5\n3,c,6\n"));

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("line 3 has 4 fields but the header has 3", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ragged_row_far_into_the_file_fails_naming_its_line()
    {
        var text = new StringBuilder("a,b,c\n");
        for (var i = 0; i < 30_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},x{i},{i * 2}\n");
        }
        text.Append("1,2,3,4\n");

        var profile = await _fixture.ProfileAsync(_fixture.Write("late.csv", text.ToString()));

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("line 30002 has 4 fields but the header has 3", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quote_left_open_fails_naming_the_line_it_starts_on()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("open.csv", "a,b\n1,\"abc\n2,x\n3,y\n"));

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("starts on line 2 is never closed", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Columns_are_named_as_pandas_names_them_so_the_cleaning_code_finds_them()
    {
        var named = await _fixture.ProfileAsync(_fixture.Write("names.csv", "a,,\"x,y\",a\n1,2,3,4\n5,6,7,8\n"));
        var numbered = await _fixture.ProfileAsync(_fixture.Write("numbers.csv", "1,2,3\n4,5,6\n7,8,9\n"));

        Assert.Equal(["a", "Unnamed: 1", "x,y", "a.1"], named.Tables.Single().Columns.Select(c => c.Name));
        Assert.False(numbered.Tables.Single().Read.Header);
        Assert.Equal(["0", "1", "2"], numbered.Tables.Single().Columns.Select(c => c.Name));
        var results = await Pandas.RunStepsAsync(_fixture.PathOf("names.csv"), named.Tables.Single(), []);
        Assert.Equal(["a", "Unnamed: 1", "x,y", "a.1"], results.Single().Columns);
        var positions = await Pandas.RunStepsAsync(_fixture.PathOf("numbers.csv"), numbered.Tables.Single(), []);
        Assert.Equal(["0", "1", "2"], positions.Single().Columns);
    }

    [Fact]
    public async Task Short_rows_are_padded_with_a_note()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("short.csv", "id,name,amount\n1,a,3\n2,b\n3,c,6\n"));

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal(3, profile.Tables.Single().Rows);
        Assert.Equal(1, Column(profile, "amount").Nulls);
        Assert.Contains(profile.Notes!, n => n.Contains("line 3 has 2 fields", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Binary_garbage_named_csv_fails_as_binary()
    {
        var bytes = new byte[5000];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;

        var profile = await _fixture.ProfileAsync(_fixture.Write("garbage.csv", bytes));

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("binary", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_bomb_named_xlsx_fails_before_it_is_inflated()
    {
        var path = _fixture.PathOf("bomb.xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            await using var entry = await zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).OpenAsync();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
            {
                await entry.WriteAsync(zeros);
            }
        }

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("zip bomb", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_whose_entry_lies_about_its_size_is_inflated_no_further_than_declared_and_fails_clearly()
    {
        var path = _fixture.PathOf("liar.xlsx");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            await using var entry = await zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize).OpenAsync();
            await entry.WriteAsync(new byte[1 << 20]);
        }
        // the local and central headers declare 1 KiB uncompressed instead of 1 MiB
        var bytes = await File.ReadAllBytesAsync(path);
        PatchUncompressedSize(bytes, 1 << 20, 1024);
        await File.WriteAllBytesAsync(path, bytes);

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("not a readable Excel workbook", profile.Error, StringComparison.Ordinal);
    }

    private static void PatchUncompressedSize(byte[] bytes, int actual, int declared)
    {
        var found = 0;
        for (var i = 0; i + 4 <= bytes.Length; i++)
        {
            if (BitConverter.ToInt32(bytes, i) == actual)
            {
                BitConverter.GetBytes(declared).CopyTo(bytes, i);
                found++;
            }
        }
        Assert.Equal(2, found);
    }

    [Fact]
    public async Task A_file_named_xlsx_that_is_not_a_zip_fails_clearly()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("fake.xlsx", "hello,world\n1,2\n"));

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Contains("not an Excel workbook", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_20000_columns_profiles_the_first_500_and_names_the_rest()
    {
        var text = new StringBuilder(string.Join(',', Enumerable.Range(0, 20_000).Select(i => "c" + i)) + "\n");
        for (var row = 0; row < 4; row++)
        {
            text.AppendLine(string.Join(',', Enumerable.Range(0, 20_000).Select(i => (row * i).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        text.AppendLine(string.Join(',', Enumerable.Range(0, 20_000).Select(i => (3 * i).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var profile = await _fixture.ProfileAsync(_fixture.Write("wide.csv", text.ToString()));

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        var table = profile.Tables.Single();
        Assert.Equal(20_000, table.ColumnCount);
        Assert.Equal(ProfileLimits.MaxProfiledColumns, table.Columns.Count);
        Assert.Equal(19_500, table.OmittedColumns!.Count);
        Assert.Equal("c500", table.OmittedColumns[0]);
        Assert.Equal(5, table.Rows);
        Assert.Equal(1, table.DuplicateRows);
        Assert.Contains(profile.Notes!, n => n.Contains("only the first 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cell_of_10_MB_is_read_and_shown_cut_to_the_value_limit()
    {
        var path = _fixture.Write("cell.csv", "id,body\n1," + new string('x', 10_000_000) + "\n2,short\n");

        var profile = await _fixture.ProfileAsync(path);

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        var body = Column(profile, "body");
        Assert.Equal(2, profile.Tables.Single().Rows);
        Assert.All(body.Top, t => Assert.True(t.Value.Length <= ProfileLimits.MaxValueChars));
        Assert.All(body.Examples, e => Assert.True(e.Length <= ProfileLimits.MaxValueChars));
        Assert.True(body.Max!.Value.GetString()!.Length <= ProfileLimits.MaxValueChars);
    }

    [Fact]
    public async Task The_profile_serializes_with_web_names()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("tiny.csv", "a,b\n1,x\n1,x\n"));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(profile, JsonSerializerOptions.Web));
        var table = json.RootElement.GetProperty("tables")[0];
        Assert.Equal("tiny", table.GetProperty("name").GetString());
        Assert.Equal(1, table.GetProperty("duplicateRows").GetInt64());
        Assert.Equal("duplicate_rows:tiny:", json.RootElement.GetProperty("findings")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Categories_spelled_several_ways_are_listed_most_frequent_first_whatever_the_row_order()
    {
        // 'Toys' appears first in the file, 'Books' more often
        var rows = new StringBuilder("shop,category\n");
        foreach (var (value, count) in (ReadOnlySpan<(string, int)>)[("Toys", 30), ("TOYS", 4), ("Books", 50), ("books", 6), ("Garden", 20)])
        {
            for (var i = 0; i < count; i++)
            {
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"s{i},{value}\n");
            }
        }

        var profile = await _fixture.ProfileAsync(_fixture.Write("shops.csv", rows.ToString()));

        var finding = Assert.Single(profile.Findings, f => f.Kind == FindingKinds.InconsistentCase);
        Assert.Contains("('Books' / 'books' → 'Books'; 'Toys' / 'TOYS' → 'Toys')", finding.Message, StringComparison.Ordinal);
        Assert.Equal(10, finding.Rows);
    }

    [Fact]
    public async Task A_value_past_the_sniffed_rows_that_does_not_fit_the_detected_type_is_read_with_its_column_as_text()
    {
        var text = new StringBuilder("n,day\n");
        for (var i = 0; i < 30_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i},{i % 28 + 1:00}/12/2024\n");
        }
        text.Append("many,01/12/2024\n");

        var profile = await _fixture.ProfileAsync(_fixture.Write("late_text.csv", text.ToString()));

        Assert.Equal(30_001, profile.Tables.Single().Rows);
        var n = Column(profile, "n");
        Assert.Equal("VARCHAR", n.StorageType);
        Assert.Equal(ColumnTypes.Integer, n.Type);
        Assert.Equal(1, Assert.Single(profile.Findings, f => f.Kind == FindingKinds.MixedTypes).Rows);
        // the day-first dates as the sniffer read them (its date format), the days past the 12th included
        var day = Column(profile, "day");
        Assert.Equal("DATE", day.StorageType);
        Assert.Equal("2024-12-01", day.Min!.Value.GetString());
        Assert.Equal("2024-12-28", day.Max!.Value.GetString());
    }

    [Fact]
    public async Task Quoted_separators_and_doubled_quotes_in_a_semicolon_file_with_crlf_lines_are_read_as_written()
    {
        var profile = await _fixture.ProfileAsync(_fixture.Write("quoted.csv", "a;b\r\n1;\"x;\"\"y\"\"\"\r\n2;z\r\n3;\"w\"\r\n"));

        var table = profile.Tables.Single();
        Assert.Equal(";", table.Read.Delimiter);
        Assert.Equal(3, table.Rows);
        Assert.Equal(["x;\"y\"", "z", "w"], Column(profile, "b").Examples);
    }

    [Fact]
    public async Task A_file_whose_lines_end_with_carriage_returns_alone_is_read_line_by_line()
    {
        // read up to its first newline, line 1 would be the whole file: 4,000 fields, a wide file to narrow
        var text = "id,city\r" + string.Concat(Enumerable.Range(1, 2_000).Select(i => $"{i},{(i % 2 == 0 ? "Lyon" : "Nice")}\r"));

        var profile = await _fixture.ProfileAsync(_fixture.Write("old_mac.csv", text));

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        var table = profile.Tables.Single();
        Assert.Equal(2_000, table.Rows);
        Assert.Equal(["id", "city"], table.Columns.Select(c => c.Name));
        Assert.Equal(2, Column(profile, "city").Distinct);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000_003)]
    public async Task Integer_keys_dense_or_sparse_get_an_exact_distinct_count_and_their_violations(long step)
    {
        var text = new StringBuilder("order_id,amount\n");
        for (var i = 0; i < 5_000; i++)
        {
            // -2500.. upward, every 7th row missing, rows 100 to 109 repeating earlier keys
            var value = i % 7 == 3 ? "" : ((i is >= 100 and < 110 ? i - 50 : i - 2_500) * step).ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{value},{i % 13}\n");
        }

        var profile = await _fixture.ProfileAsync(_fixture.Write("keys.csv", text.ToString()));

        var key = Column(profile, "order_id");
        var missing = Enumerable.Range(0, 5_000).Count(i => i % 7 == 3);
        var repeats = Enumerable.Range(100, 10).Count(i => i % 7 != 3);
        Assert.Equal(missing, key.Nulls);
        Assert.Equal(5_000 - missing - repeats, key.Distinct);
        Assert.Equal(repeats + missing, Assert.Single(profile.Findings, f => f.Kind == FindingKinds.KeyViolation).Rows);
    }
}
