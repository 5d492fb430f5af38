using System.Globalization;
using System.Text.RegularExpressions;
using CodingAgent.Core.Profiling;
using DuckDB.NET.Data;

namespace CodingAgent.Profiler;

/// <summary>
/// Reads a CSV, TSV or text file into DuckDB once: sniffs the encoding (transcoding anything but UTF-8 into the scratch
/// folder), the dialect (DuckDB's sniffer, with a shape check that names the first ragged line when the sniffer gives
/// up), then loads it, reading columns as text when a value after the sniffed sample does not fit the detected type.
/// </summary>
internal sealed partial class CsvSource(DuckDbSession db, string scratch, ProfilerSettings settings)
{
    private const long MaxLineBytes = 64L << 20;
    private const int MaxRetries = 40;

    /// <summary>
    /// The reader buffer of the sniffer before a read into memory: its sample's rows (20,480) are read from it, not the
    /// whole file DuckDB's default buffer (32 MB) would read first (more than DuckDB's longest line by default, 2 MB).
    /// </summary>
    private const long SniffBufferBytes = 4L << 20;

    /// <summary>
    /// The file's first bytes the guess at the sniffer's answer is made from while the rest is read (its 20,480 rows
    /// when they are 200 bytes long at most; else the guess waits for the whole file).
    /// </summary>
    private const int GuessHeadBytes = 4 << 20;

    /// <summary>What the encoding's sniff validates of a file that may be read into memory (which validates the rest).</summary>
    private const long MemoryHeadValidatedBytes = 64 << 10;
    private static readonly char[] _delimiters = [',', '\t', ';', '|'];

    /// <summary>
    /// Loads the file, validated as UTF-8 over its first <see cref="ProfilerSettings.Utf8ValidatedBytes"/> (DuckDB's
    /// reader validates the rest as it loads: at 1 GiB that saves a fifth of a second), or over its first 64 KB when it
    /// may be read into memory (which validates it whole as it reads it); a file that turns out not to be
    /// UTF-8 loads again, its encoding sniffed over the whole file.
    /// </summary>
    /// <param name="memory">Whether the file may be read into memory (<see cref="LoadedTable.InMemory"/>) rather than loaded into DuckDB.</param>
    /// <param name="guess">Whether a read into memory may start from a guess at the sniffer's answer (<see cref="LoadedTable.SnifferAgreed"/>).</param>
    public async Task<LoadedTable> LoadAsync(string path, string fileName, string format, long size, string sqlName, bool memory, bool guess, CancellationToken cancellationToken) =>
        await LoadAsync(path, fileName, format, size, sqlName, settings.Utf8ValidatedBytes, memory, guess, cancellationToken)
        ?? await LoadAsync(path, fileName, format, size, sqlName, long.MaxValue, memory, guess, cancellationToken)
        ?? throw new InvalidOperationException("A load whose encoding was sniffed over the whole file asked for another.");

    /// <returns>The table; null when the file was validated as UTF-8 only in part and the rest is not UTF-8.</returns>
    private async Task<LoadedTable?> LoadAsync(string path, string fileName, string format, long size, string sqlName, long validateBytes, bool memory, bool guess, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // a file that may be read into memory is validated there as a whole (the read fails on bytes that are not
        // UTF-8, and then DuckDB's sniffer or reader does): the first sniff need not read all of it
        var intoMemory = memory && size <= settings.MemoryCsvUpToBytes && size <= (long)settings.MemoryMb * (1 << 20) / 6;
        var validate = intoMemory && validateBytes != long.MaxValue ? Math.Min(validateBytes, MemoryHeadValidatedBytes) : validateBytes;
        var (encoding, whole) = await EncodingSniffer.SniffAsync(path, validate, cancellationToken);
        ProfilerTrace.Write("encoding " + encoding, started);
        var readPath = path;
        if (encoding is not (EncodingSniffer.Utf8 or EncodingSniffer.Utf8Bom))
        {
            readPath = Path.Combine(scratch, "input-utf8.csv");
            await Utf8Transcoder.TranscodeAsync(path, encoding, readPath, cancellationToken);
        }
        var notes = new List<string>();
        var dialect = new CsvDialect(format == FileFormats.Tsv ? "\t" : null, null, null, false, null, []);
        var header = await FirstLineAsync(readPath, cancellationToken);
        var likelyDelimiter = dialect.Delimiter?[0] ?? _delimiters.OrderByDescending(d => header.Count(c => c == d)).First();
        IReadOnlyList<string>? omitted = null;
        long? duplicates = null;
        if (WideCsvNarrower.CountFields(header, likelyDelimiter) > ProfileLimits.MaxProfiledColumns)
        {
            if (!whole)
            {
                // the narrowed copy is written by .NET, which would not fail on bytes that are not UTF-8
                return null;
            }
            var narrow = Path.Combine(scratch, "input-narrow.csv");
            (omitted, duplicates) = await WideCsvNarrower.NarrowAsync(readPath, narrow, likelyDelimiter, cancellationToken);
            readPath = narrow;
            dialect = dialect with { Delimiter = likelyDelimiter.ToString() };
        }
        if (intoMemory && omitted is null && readPath == path && header.Contains(likelyDelimiter, StringComparison.Ordinal)
            && await ReadIntoMemoryAsync(path, header, dialect with { Delimiter = likelyDelimiter.ToString(), Quote = "\"", Escape = "\"" }, guess, cancellationToken) is var (inMemory, memoryRead, agreed))
        {
            return new LoadedTable(TableNames.ForFile(fileName), null, sqlName, size, memoryRead with { Format = format, Encoding = encoding }, notes, InMemory: inMemory, SnifferAgreed: agreed);
        }
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        CsvDialect sniffedDialect;
        string? sniffedRead;
        try
        {
            (sniffedDialect, sniffedRead, _) = await SniffAsync(readPath, dialect, notes, whole, cancellationToken);
        }
        catch (DuckDBException e) when (!whole && NotUtf8(e))
        {
            return null;
        }
        dialect = sniffedDialect;
        // the read the sniffer settled on, with every option and type explicit: the load need not sniff again
        var explicitRead = sniffedRead ?? ExplicitRead(readPath, dialect);
        ProfilerTrace.Write("dialect", started);
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var sampleName = sqlName + "_first_rows";
        // a file up to a few hundred MB loads once, in its row order, and its first rows in file order (which the type
        // inference reads) are a view of the table's first row ids (10 MB: 50 against 125 ms for two reads; 100 MB:
        // 270 against 355 ms); a larger one loads without keeping the order, and its first rows become a table of
        // their own, read again from the file (at 1 GiB the ordered load is no faster, and the view costs the type
        // inference 30 ms more)
        var ordered = size <= settings.OrderedLoadUpToBytes;
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var csv = attempt == 0 && explicitRead is not null ? explicitRead : dialect.ReadCsv(readPath, allText: attempt >= MaxRetries, load: true);
                if (ordered)
                {
                    db.Execute($"CREATE OR REPLACE TABLE {SqlText.Identifier(sqlName)} AS SELECT * FROM {csv}");
                    break;
                }
                db.Execute("SET preserve_insertion_order = false");
                db.Execute($"CREATE OR REPLACE TABLE {SqlText.Identifier(sqlName)} AS SELECT * FROM {csv}");
                db.Execute("SET preserve_insertion_order = true");
                db.Execute(string.Create(CultureInfo.InvariantCulture, $"CREATE OR REPLACE TABLE {SqlText.Identifier(sampleName)} AS SELECT * FROM {csv} LIMIT {ColumnTypeInference.SampleRows}"));
                break;
            }
            catch (DuckDBException e) when (!whole && NotUtf8(e))
            {
                return null;
            }
            catch (DuckDBException e) when (attempt <= MaxRetries)
            {
                if (e.Message.Contains("sniffing", StringComparison.Ordinal))
                {
                    // names a ragged line or a quote left open, when that is why
                    await CheckShapeAsync(readPath, dialect, notes, cancellationToken);
                }
                dialect = Recover(e.Message, dialect, notes);
            }
        }
        ProfilerTrace.Write("load", started);
        foreach (var name in ordered ? [sqlName] : (string[])[sqlName, sampleName])
        {
            if (dialect.Header == false)
            {
                NameByPosition(name);
            }
            else
            {
                NameAsPandas(name, header, dialect.Delimiter?[0] ?? likelyDelimiter);
            }
        }
        if (ordered)
        {
            // (after the renames: the view's columns are the table's as they are now)
            db.Execute(string.Create(CultureInfo.InvariantCulture, $"CREATE OR REPLACE VIEW {SqlText.Identifier(sampleName)} AS SELECT * FROM {SqlText.Identifier(sqlName)} WHERE rowid < {ColumnTypeInference.SampleRows}"));
        }
        var read = new TableReadOptions(format, dialect.Delimiter ?? ",", dialect.Quote ?? "\"", encoding, dialect.Header ?? true);
        return new LoadedTable(TableNames.ForFile(fileName), null, sqlName, size, read, notes, omitted, duplicates, sampleName);
    }

    /// <summary>
    /// The profile of a UTF-8 CSV larger than a read into memory may be, profiled in memory one chunk at a time (<see
    /// cref="ChunkedCsvProfiler"/>) with the dialect and column types DuckDB's sniffer gives it; null when the file is
    /// not for it (not UTF-8, a separator line 1 does not show, too many columns, a type the memory reader does not
    /// read) or it cannot be sure of the file: then DuckDB loads it.
    /// </summary>
    public async Task<TableFacts?> ProfileInChunksAsync(string path, string fileName, string format, long size, Action<double> progress, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (encoding, _) = await EncodingSniffer.SniffAsync(path, MemoryHeadValidatedBytes, cancellationToken);
        if (encoding is not (EncodingSniffer.Utf8 or EncodingSniffer.Utf8Bom))
        {
            return null;
        }
        var header = await FirstLineAsync(path, cancellationToken);
        var delimiter = format == FileFormats.Tsv ? '\t' : _delimiters.OrderByDescending(d => header.Count(c => c == d)).First();
        if (!header.Contains(delimiter, StringComparison.Ordinal) || WideCsvNarrower.CountFields(header, delimiter) > ProfileLimits.MaxProfiledColumns)
        {
            return null;
        }
        var dialect = new CsvDialect(delimiter.ToString(), "\"", null, false, null, [], Escape: "\"");
        var sniffed = SniffForMemory(path, dialect, started);
        if (sniffed.Memory is not { } plan || sniffed.Read is null || sniffed.Delimiter != dialect.Delimiter || Storages(plan) is not { } storages)
        {
            return null;
        }
        IReadOnlyList<string> names = sniffed.Header
            ? ColumnNames.FromHeader(SplitHeader(header.TrimEnd('\r').TrimStart('\uFEFF'), delimiter))
            : [.. Enumerable.Range(0, storages.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        if (names.Count != storages.Count)
        {
            return null;
        }
        var read = new TableReadOptions(format, dialect.Delimiter!, "\"", encoding, sniffed.Header);
        var loaded = new LoadedTable(TableNames.ForFile(fileName), null, "t0", size, read, []);
        return await new ChunkedCsvProfiler(settings).ProfileAsync(path, size, sniffed.Header, (byte)delimiter, plan, names, storages, loaded, progress, cancellationToken);
    }

    /// <summary>
    /// Columns named as pandas names them from the header (DuckDB makes a repeated <c>a</c> into <c>a_1</c>, pandas into
    /// <c>a.1</c>; a blank name into <c>column2</c>, pandas into <c>Unnamed: 2</c>), so that the cleaning code finds them.
    /// </summary>
    private void NameAsPandas(string sqlName, string header, char delimiter)
    {
        var names = ColumnNames.FromHeader(SplitHeader(header.TrimEnd('\r').TrimStart('\uFEFF'), delimiter));
        var current = Columns(sqlName);
        if (names.Count != current.Count)
        {
            return;
        }
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] != current[i])
            {
                db.Execute($"ALTER TABLE {SqlText.Identifier(sqlName)} RENAME COLUMN {SqlText.Identifier(current[i])} TO {SqlText.Identifier(names[i])}");
            }
        }
    }

    /// <summary>
    /// The file read into memory as DuckDB would load it, with the separator seen in line 1 and <c>"</c> as the quote
    /// and its escape given to the sniffer (which then only settles the header and the column types: 9 against 24 ms
    /// at 10 MB when it tries every dialect; a file quoted otherwise is ragged to the memory reader), columns named as
    /// pandas names them; null when the sniffer fails, the file is not UTF-8 throughout, holds a type the memory reader
    /// does not read, or anything the reader cannot be sure it reads as DuckDB would (a ragged row, a field of another
    /// type past the sniffer's sample): then DuckDB loads it. With <paramref name="fromGuess"/>, the file is read from
    /// <see cref="SnifferGuess"/>'s guess at the sniffer's answer while the sniffer runs on a thread of its own, and
    /// <c>Agreed</c> completes with whether the sniffer said the same (until it has completed, the database is the
    /// sniffer's: the caller awaits it before anything else uses the database or the table's profile is kept).
    /// </summary>
    private async Task<(MemoryCsvTable Table, TableReadOptions Read, Task<bool>? Agreed)?> ReadIntoMemoryAsync(string path, string header, CsvDialect guess, bool fromGuess, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // the file read and checked while DuckDB's sniffer (one thread) reads its first rows
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delimiter = guess.Delimiter![0];
        // (the guess from the file's first rows as soon as they are read, while the rest is read on another thread)
        var reading = Task.Run(() =>
        {
            var (bytes, utf8) = PagedIn.ReadAllBytes(path, GuessHeadBytes, (head, whole) => fromGuess ? GuessFrom(head, whole, (byte)delimiter) : default, out var guessed, stop.Token);
            return (Data: utf8 ? bytes : null, Guessed: guessed);
        }, stop.Token);
        var sniffing = Task.Factory.StartNew(() => SniffForMemory(path, guess, started), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        IReadOnlyList<string> Names(bool hasHeader, int count) => hasHeader
            ? ColumnNames.FromHeader(SplitHeader(header.TrimEnd('\r').TrimStart('\uFEFF'), delimiter))
            : [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        MemoryCsvTable? Read(byte[] data, bool hasHeader, MemoryReadPlan plan, IReadOnlyList<MemoryStorage> storages, IReadOnlyList<string> names, string step)
        {
            var start = data.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
            if (hasHeader)
            {
                start = LineEnd(data, start, data.Length);
            }
            for (var retry = 0; ; retry++)
            {
                var table = MemoryCsvTable.Read(data, start, data.Length, (byte)delimiter, plan, names, storages, (long)settings.MemoryMb * (1 << 20) / 3, out var failure, out var failsColumn, cancellationToken);
                ProfilerTrace.Write(failure is null ? step : "memory read failed (" + failure + ")", started);
                if (table is not null || failsColumn is not { } column || retry == MemoryReadPlan.MaxTextColumns)
                {
                    return table;
                }
                // a field DuckDB's load stops on: that column is text, as DuckDB then loads it
                plan = plan.WithText(column);
                storages = Storages(plan)!;
            }
        }
        (bool Header, MemoryReadPlan Plan)? failed = null;
        try
        {
            if (fromGuess && await reading is { Data: { } guessData } readForGuess
                && (readForGuess.Guessed.NeedsMore ? GuessFrom(guessData, whole: true, (byte)delimiter).Guess : readForGuess.Guessed.Guess) is var (guessedHeader, guessedPlan)
                && Storages(guessedPlan) is { } guessedStorages
                && Names(guessedHeader, guessedStorages.Count) is var guessedNames && guessedNames.Count == guessedStorages.Count)
            {
                if (Read(guessData, guessedHeader, guessedPlan, guessedStorages, guessedNames, "memory guess and read") is { } guessed)
                {
                    return (guessed, new TableReadOptions(FileFormats.Csv, guess.Delimiter, "\"", null, guessedHeader), AgreesAsync(sniffing, guess, guessedHeader, guessedPlan));
                }
                failed = (guessedHeader, guessedPlan);
            }
            var sniffed = await sniffing;
            var storages = sniffed.Memory is { } sniffedPlan ? Storages(sniffedPlan) : null;
            var names = Names(sniffed.Header, storages?.Count ?? 0);
            if (sniffed.Memory is not { } plan || sniffed.Read is null || sniffed.Delimiter != guess.Delimiter
                || storages is null || names.Count != storages.Count)
            {
                await stop.CancelAsync();
                try
                {
                    await reading;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // the read was stopped: DuckDB loads the file
                }
                return null;
            }
            if ((await reading).Data is not { } data || (failed is var (failedHeader, failedPlan) && Agrees(sniffed, guess, failedHeader, failedPlan)))
            {
                // (the same read from the same plan fails the same way)
                return null;
            }
            var table = Read(data, sniffed.Header, plan, storages, names, "memory sniff and read");
            return table is null ? null : (table, new TableReadOptions(FileFormats.Csv, guess.Delimiter, "\"", null, sniffed.Header), null);
        }
        catch (OutOfMemoryException)
        {
            // more than the heap holds beside the file's bytes (a heap limit near the file's size): DuckDB, which
            // spills, loads it (the database is the sniffer's until it is done)
            await Task.WhenAny(sniffing);
            ProfilerTrace.Write("memory read failed (out of memory)", started);
            return null;
        }
        catch
        {
            // the database is the sniffer's until it is done
            await Task.WhenAny(sniffing);
            throw;
        }
    }

    /// <summary><see cref="SnifferGuess"/>'s guess from the file's whole bytes or from its head (<c>NeedsMore</c>: the head was too short for it).</summary>
    private static ((bool Header, MemoryReadPlan Plan)? Guess, bool NeedsMore) GuessFrom(ReadOnlySpan<byte> head, bool whole, byte delimiter)
    {
        var guess = SnifferGuess.Guess(head, head.StartsWith("\uFEFF"u8) ? 3 : 0, delimiter, whole, out var needsMore);
        return (guess, needsMore);
    }

    /// <summary>The sniffer's answer for a read into memory (default when it fails), on its own thread.</summary>
    private (string Delimiter, string Quote, bool Header, long Columns, string? Read, MemoryReadPlan? Memory) SniffForMemory(string path, CsvDialect guess, long started)
    {
        try
        {
            return Sniff(path, guess, SniffBufferBytes);
        }
        catch (DuckDBException)
        {
            return default;
        }
        finally
        {
            ProfilerTrace.Write("memory dialect", started);
        }
    }

    /// <summary>Whether the sniffer said what the read into memory was guessed from (the header, the types, the quoting).</summary>
    private static async Task<bool> AgreesAsync(Task<(string Delimiter, string Quote, bool Header, long Columns, string? Read, MemoryReadPlan? Memory)> sniffing, CsvDialect guess, bool header, MemoryReadPlan plan)
    {
        return Agrees(await sniffing.ConfigureAwait(false), guess, header, plan);
    }

    private static bool Agrees((string Delimiter, string Quote, bool Header, long Columns, string? Read, MemoryReadPlan? Memory) sniffed, CsvDialect guess, bool header, MemoryReadPlan plan)
    {
        return sniffed.Memory is { } memory && sniffed.Read is not null && sniffed.Delimiter == guess.Delimiter && sniffed.Header == header
            && memory.Escapes == plan.Escapes && memory.StrictIsoDates == plan.StrictIsoDates && memory.Types.SequenceEqual(plan.Types, StringComparer.Ordinal);
    }

    /// <summary>How the memory reader stores each column of the plan; null when one is of a type it does not read.</summary>
    internal static List<MemoryStorage>? Storages(MemoryReadPlan plan)
    {
        var storages = new List<MemoryStorage>(plan.Types.Count);
        foreach (var type in plan.Types)
        {
            MemoryStorage? storage = type switch
            {
                "BIGINT" => MemoryStorage.Bigint,
                "DOUBLE" => MemoryStorage.Double,
                "BOOLEAN" => MemoryStorage.Boolean,
                "DATE" => MemoryStorage.Date,
                "VARCHAR" => MemoryStorage.Text,
                _ => null,
            };
            if (storage is null)
            {
                return null;
            }
            storages.Add(storage.Value);
        }
        return storages;
    }

    /// <summary>Where the line that starts at <paramref name="start"/> ends (after its newline), quotes respected.</summary>
    internal static int LineEnd(byte[] data, int start, int end)
    {
        var quoted = false;
        for (var i = start; i < end; i++)
        {
            if (data[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (data[i] == (byte)'\n' && !quoted)
            {
                return i + 1;
            }
        }
        return end;
    }

    private static List<string?> SplitHeader(string line, char delimiter)
    {
        var fields = new List<string?>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == delimiter && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }

    private List<string> Columns(string sqlName) =>
        db.Query($"SELECT column_name FROM duckdb_columns() WHERE table_name = {SqlText.Literal(sqlName)} ORDER BY column_index", reader =>
        {
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }
            return list;
        });

    /// <summary>Columns of a file without a header are named 0, 1, 2… as pandas names them.</summary>
    private void NameByPosition(string sqlName)
    {
        var names = Columns(sqlName);
        for (var i = 0; i < names.Count; i++)
        {
            db.Execute($"ALTER TABLE {SqlText.Identifier(sqlName)} RENAME COLUMN {SqlText.Identifier(names[i])} TO {SqlText.Identifier(i.ToString(CultureInfo.InvariantCulture))}");
        }
    }

    /// <summary>
    /// The dialect: DuckDB's sniffer, retried with longer lines when a line is too long; when it gives up or sees one
    /// column although line 1 holds a separator, the shape check names the first longer line (fail) or pads shorter ones.
    /// </summary>
    /// <param name="utf8Validated">Whether the whole file is known to be UTF-8; else bytes that are not fail the sniff (to be sniffed again whole).</param>
    /// <returns>The dialect, and the sniffer's read_csv call with every option explicit when the dialect is the one it detected (else null).</returns>
    private async Task<(CsvDialect Dialect, string? Read, MemoryReadPlan? Memory)> SniffAsync(string path, CsvDialect dialect, List<string> notes, bool utf8Validated, CancellationToken cancellationToken)
    {
        var shapeChecked = false;
        for (var attempt = 0; ; attempt++)
        {
            (string Delimiter, string Quote, bool Header, long Columns, string? Read, MemoryReadPlan? Memory) sniffed;
            try
            {
                sniffed = Sniff(path, dialect);
            }
            catch (DuckDBException e) when (attempt < 4 && (utf8Validated || !NotUtf8(e)))
            {
                if (LineSizePattern().IsMatch(e.Message) || shapeChecked)
                {
                    dialect = Recover(e.Message, dialect, notes);
                    continue;
                }
                shapeChecked = true;
                dialect = await CheckShapeAsync(path, dialect, notes, cancellationToken);
                continue;
            }
            if (sniffed.Columns == 1 && !shapeChecked)
            {
                shapeChecked = true;
                var shaped = await CheckShapeAsync(path, dialect, notes, cancellationToken);
                if (shaped != dialect)
                {
                    dialect = shaped;
                    continue;
                }
            }
            var (delimiter, quote, header, _, read, memory) = sniffed;
            var noQuote = quote is "" or "(empty)" or "\0";
            var settled = dialect with { Delimiter = delimiter, Quote = noQuote ? "\"" : quote, Header = header };
            // the read the sniffer detected is the load's when the load passes what it detected (a quote it did not detect differs)
            return (settled, noQuote ? null : read, noQuote ? null : memory);
        }
    }

    /// <param name="buffer">The sniffer's reader buffer, when the dialect does not set it (<see cref="SniffBufferBytes"/>); null: DuckDB's default.</param>
    private (string Delimiter, string Quote, bool Header, long Columns, string? Read, MemoryReadPlan? Memory) Sniff(string path, CsvDialect dialect, long? buffer = null)
    {
        var call = dialect.ReadCsv(path).Replace("read_csv(", "sniff_csv(", StringComparison.Ordinal);
        if (buffer is { } bytes && dialect.MaxLineSize is null)
        {
            call = call[..^1] + ", buffer_size = " + bytes.ToString(CultureInfo.InvariantCulture) + ")";
        }
        return db.Query($"SELECT Delimiter, Quote, HasHeader, len(Columns), Escape, NewLineDelimiter, Comment, SkipRows, Columns, DateFormat, TimestampFormat FROM {call}", reader =>
        {
            reader.Read();
            var (delimiter, quote, header) = (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i) is "(empty)" ? "" : reader.GetString(i);
            var columns = reader.IsDBNull(8) ? [] : ((System.Collections.IEnumerable)reader.GetValue(8)).Cast<IDictionary<string, object>>()
                .Select(c => (Name: c["name"] as string, Type: c["type"] as string)).ToList();
            string? read = null;
            MemoryReadPlan? memory = null;
            if (columns.Count > 0 && columns.All(c => c.Name is not null && c.Type is not null) && Text(1) is { Length: 1 } && Text(0) is { Length: > 0 })
            {
                var options = new List<string>
                {
                    SqlText.Literal(path), "auto_detect = false", "delim = " + SqlText.Literal(delimiter), "quote = " + SqlText.Literal(quote),
                    "escape = " + SqlText.Literal(Text(4) ?? ""), "comment = " + SqlText.Literal(Text(6) ?? ""),
                    "skip = " + ProfileJson.Long(reader.GetValue(7)).ToString(CultureInfo.InvariantCulture), header ? "header = true" : "header = false",
                    "columns = {" + string.Join(", ", columns.Select(c => SqlText.Literal(c.Name!) + ": " + SqlText.Literal(c.Type!))) + "}",
                };
                if (Text(5) is { Length: > 0 } newLine)
                {
                    options.Add("new_line = " + SqlText.Literal(newLine));
                }
                if (Text(9) is { Length: > 0 } dateFormat)
                {
                    options.Add("dateformat = " + SqlText.Literal(dateFormat));
                }
                if (Text(10) is { Length: > 0 } timestampFormat)
                {
                    options.Add("timestampformat = " + SqlText.Literal(timestampFormat));
                }
                options.AddRange(dialect.LoadOptions());
                read = "read_csv(" + string.Join(", ", options) + ")";
                if (quote == "\"" && Text(4) is "" or "\"" && Text(6) is null or "" && ProfileJson.Long(reader.GetValue(7)) == 0
                    && Text(9) is null or "" or "%Y-%m-%d" && Text(10) is null or "" && Text(5) is null or "" or "\\n" or "\\r\\n" && delimiter.Length == 1 && delimiter[0] < 0x80 && delimiter[0] is not ('\n' or '\r' or '"'))
                {
                    memory = new MemoryReadPlan([.. columns.Select(c => c.Type!)], Text(4) == "\"", StrictIsoDates: Text(9) is { Length: > 0 });
                }
            }
            return (delimiter, quote, header, ProfileJson.Long(reader.GetValue(3)), read, memory);
        });
    }

    /// <summary>The sniffer's read_csv call for the dialect (every option and column type explicit), or null.</summary>
    private string? ExplicitRead(string path, CsvDialect dialect)
    {
        try
        {
            return Sniff(path, dialect).Read;
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    /// <summary>When the sniffer saw one column or gave up: a ragged file fails with its first longer line; shorter lines are padded.</summary>
    private static async Task<CsvDialect> CheckShapeAsync(string path, CsvDialect dialect, List<string> notes, CancellationToken cancellationToken)
    {
        var header = await FirstLineAsync(path, cancellationToken);
        var delimiter = dialect.Delimiter?[0] ?? _delimiters.OrderByDescending(d => header.Count(c => c == d)).First();
        if (!header.Contains(delimiter, StringComparison.Ordinal))
        {
            return dialect;
        }
        var (_, longer, shorter, openQuote) = await RaggedRowFinder.FindAsync(path, delimiter, cancellationToken);
        if (longer is not null)
        {
            throw new UnreadableFileException(Ragged(longer, delimiter));
        }
        if (openQuote is { } quoteLine)
        {
            throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture,
                $"A quoted field that starts on line {quoteLine} is never closed: the rest of the file would be one value. Close the quote or remove it."));
        }
        var fixedDialect = dialect with { Delimiter = delimiter.ToString() };
        if (shorter is null)
        {
            return fixedDialect;
        }
        notes.Add(Short(shorter));
        return fixedDialect with { NullPadding = true };
    }

    /// <summary>Line 1 (ended by \n, \r\n or a carriage return alone), read up to 16 MB (a header of 20,000 columns is long).</summary>
    private static async Task<string> FirstLineAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var line = new System.Text.StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while (line.Length < (16 << 20) && (read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            var text = buffer.AsSpan(0, read);
            var end = text.IndexOfAny('\n', '\r');
            if (end >= 0)
            {
                return line.Append(text[..end]).ToString();
            }
            line.Append(text);
        }
        return line.ToString();
    }

    private static CsvDialect Recover(string error, CsvDialect dialect, List<string> notes)
    {
        var line = LinePattern().Match(error) is { Success: true } l ? long.Parse(l.Groups[1].Value, CultureInfo.InvariantCulture) : (long?)null;
        if (ConversionPattern().Match(error) is { Success: true } conversion && !dialect.TextColumns.Contains(conversion.Groups[1].Value))
        {
            return dialect with { TextColumns = [.. dialect.TextColumns, conversion.Groups[1].Value] };
        }
        if (ColumnsPattern().Match(error) is { Success: true } columns)
        {
            var expected = int.Parse(columns.Groups[1].Value, CultureInfo.InvariantCulture);
            var found = int.Parse(columns.Groups[2].Value, CultureInfo.InvariantCulture);
            var row = new RaggedRow(line ?? 0, found, expected);
            if (found > expected || dialect.NullPadding)
            {
                throw new UnreadableFileException(Ragged(row, dialect.Delimiter?[0] ?? ','));
            }
            notes.Add(Short(row));
            return dialect with { NullPadding = true };
        }
        if (LineSizePattern().Match(error) is { Success: true } size)
        {
            var actual = long.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture);
            if (actual >= MaxLineBytes || dialect.MaxLineSize is not null)
            {
                throw new UnreadableFileException(string.Create(CultureInfo.InvariantCulture, $"Line {line?.ToString(CultureInfo.InvariantCulture) ?? "?"} is {actual / 1048576.0:0.#} MB long; the profiler reads lines of up to {MaxLineBytes >> 20} MB. Is a quote left open?"));
            }
            return dialect with { MaxLineSize = Math.Max(actual + 1024, 4L << 20) };
        }
        if (error.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase) || error.Contains("could not allocate", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnreadableFileException("The file needs more memory to read than the profiler may use (its lines or fields are too large for the memory limit).");
        }
        throw new UnreadableFileException(Describe(error, line));
    }

    /// <summary>Whether DuckDB's reader met bytes that are not UTF-8.</summary>
    private static bool NotUtf8(DuckDBException e) => e.Message.Contains("Invalid unicode", StringComparison.OrdinalIgnoreCase);

    private static string Ragged(RaggedRow row, char delimiter) => string.Create(CultureInfo.InvariantCulture,
        $"The rows are ragged: line {row.Line} has {row.Fields} fields but the header has {row.Expected} (separator '{(delimiter == '\t' ? "\\t" : delimiter.ToString())}'). Quote the fields that contain the separator, or remove the extra fields.");

    private static string Short(RaggedRow row) => string.Create(CultureInfo.InvariantCulture,
        $"Some rows are short: line {row.Line} has {row.Fields} fields but the header has {row.Expected}; the missing fields are read as empty.");

    private static string Describe(string error, long? line)
    {
        var first = error.Split('\n', 2)[0];
        first = PrefixPattern().Replace(first, "");
        if (first.Length > 300)
        {
            first = first[..300] + "…";
        }
        return line is null ? "The file could not be read as CSV: " + first : $"The file could not be read as CSV at line {line}: {first}";
    }

    [GeneratedRegex(@"CSV Error on Line: (\d+)")]
    private static partial Regex LinePattern();

    [GeneratedRegex("Error when converting column \"(.+?)\"\\.")]
    private static partial Regex ConversionPattern();

    [GeneratedRegex(@"Expected Number of Columns: (\d+) Found: (\d+)")]
    private static partial Regex ColumnsPattern();

    [GeneratedRegex(@"Maximum line size of \d+ bytes exceeded\. Actual Size:(\d+) bytes")]
    private static partial Regex LineSizePattern();

    [GeneratedRegex(@"^[A-Za-z ]+ Error: ")]
    private static partial Regex PrefixPattern();
}
