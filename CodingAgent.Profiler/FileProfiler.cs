using System.Globalization;
using CodingAgent.Core.Profiling;
using DuckDB.NET.Data;

namespace CodingAgent.Profiler;

/// <summary>
/// Profiles one file: detects its format, reads every table into an in-memory DuckDB confined to the settings (memory,
/// threads, scratch folder), profiles each table and lists the findings. Whatever the file holds, the result is a
/// ready or failed profile, never an exception (except cancellation).
/// </summary>
internal sealed class FileProfiler(ProfilerSettings settings, TimeProvider? timeProvider = null)
{
    private const double LoadShare = 0.5;
    private const double BytesPerSecond = 80e6;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Told which engine profiled the file: <c>memory</c> (<see cref="MemoryCsvProfiler"/>), <c>chunks</c> (<see cref="ChunkedCsvProfiler"/>) or <c>duckdb</c>.</summary>
    public Action<string>? ProfiledBy { get; init; }

    /// <summary>Told when a read into memory started from a guess at the sniffer's answer that the sniffer did not confirm (<see cref="SnifferGuess"/>).</summary>
    public Action? GuessMissed { get; init; }

    /// <param name="opened">
    /// A database opened ahead for this profile, which the caller disposes (once the profile is written: closing the
    /// database and deleting its folder took 2–3 ms of a 10 MB file's 60); null: the profile opens its own and closes it.
    /// </param>
    public async Task<FileProfile> ProfileAsync(string input, string fileName, IProgress<double>? progress, CancellationToken cancellationToken, OpenedDatabase? opened = null)
    {
        var info = new FileInfo(input);
        if (!info.Exists)
        {
            return FileProfile.Failed("The file does not exist.");
        }
        var head = new byte[4096];
        int headLength;
        await using (var stream = info.OpenRead())
        {
            headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }
        if (info.Length == 0 || (info.Length <= head.Length && head.AsSpan(0, headLength).Trim(" \t\r\n\uFEFF"u8).IsEmpty))
        {
            return FileProfile.Failed(info.Length == 0 ? "The file is empty (0 bytes)." : "The file is empty: it holds only blank lines.");
        }
        string format;
        try
        {
            format = FormatDetector.Detect(fileName, head.AsSpan(0, headLength));
        }
        catch (UnreadableFileException e)
        {
            return FileProfile.Failed(e.Message);
        }
        OpenedDatabase? created = null;
        try
        {
            var opening = System.Diagnostics.Stopwatch.GetTimestamp();
            var database = opened ?? (created = OpenedDatabase.Open(settings));
            var db = database.Session;
            ProfilerTrace.Write("database", opening);
            if (await ProfileInChunksAsync(db, input, fileName, format, info.Length, database.Scratch, progress, cancellationToken) is { } chunked)
            {
                ProfiledBy?.Invoke("chunks");
                ProfilerTrace.Write("profile", opening);
                return Finish([chunked], format, []);
            }
            var tables = await LoadAsync(db, input, fileName, format, info.Length, database.Scratch, memory: true, guess: true, progress, cancellationToken);
            if (tables is [{ InMemory: not null } read])
            {
                tables = [];
                if (await ProfileReadIntoMemoryAsync(read, db, input, fileName, format, info.Length, database.Scratch, progress, opening, cancellationToken) is { } profile)
                {
                    return profile;
                }
                // a value whose parse the memory profile cannot be sure of, or more than the memory holds: DuckDB
                // loads and profiles the file (the table read into memory is garbage by now: a heap near its limit
                // has it back for what follows)
                read = null;
                tables = await LoadAsync(db, input, fileName, format, info.Length, database.Scratch, memory: false, guess: false, progress, cancellationToken);
            }
            var rows = tables.Sum(t => db.Scalar($"SELECT count(*) FROM {SqlText.Identifier(t.SqlName)}"));
            var columns = tables.Select(t => db.Scalar($"SELECT count(*) FROM duckdb_columns() WHERE table_name = {SqlText.Literal(t.SqlName)}")).DefaultIfEmpty(0).Max();
            db.SetProfileThreads(rows, (int)columns, settings.Threads);
            db.LockConfiguration();
            ProfilerTrace.Write("tables loaded", opening);
            var profiler = new DuckDbProfiler(db, settings.GroupedTextFromRows);
            ProfiledBy?.Invoke("duckdb");
            var facts = new List<TableFacts>();
            for (var i = 0; i < tables.Count; i++)
            {
                var start = LoadShare + (1 - LoadShare) * i / tables.Count;
                facts.Add(profiler.Profile(tables[i], p => progress?.Report(start + (1 - LoadShare) / tables.Count * p), cancellationToken));
            }
            ProfilerTrace.Write("profile", opening);
            return Finish(facts, format, [.. tables.SelectMany(t => t.Notes)]);
        }
        catch (UnreadableFileException e)
        {
            return FileProfile.Failed(e.Message, format);
        }
        catch (DuckDBException e)
        {
            var first = e.Message.Split('\n', 2)[0];
            var message = first.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase)
                ? $"The file needs more memory than the profiler may use ({settings.MemoryMb} MB)."
                : "The file could not be profiled: " + (first.Length > 300 ? first[..300] + "…" : first);
            return FileProfile.Failed(message, format);
        }
        finally
        {
            created?.Dispose();
        }
    }

    /// <summary>
    /// The profile of a UTF-8 CSV too large to read into memory at once, profiled in memory one chunk at a time (<see
    /// cref="ChunkedCsvProfiler"/>); null when the file is not for it or DuckDB is to profile it.
    /// </summary>
    private async Task<TableFacts?> ProfileInChunksAsync(DuckDbSession db, string input, string fileName, string format, long size, string scratch, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (format is not (FileFormats.Csv or FileFormats.Tsv) || settings.MemoryChunkBytes <= 0 || settings.MemoryCsvUpToBytes <= 0
            || size <= Math.Min(settings.MemoryCsvUpToBytes, (long)settings.MemoryMb * (1 << 20) / 6))
        {
            return null;
        }
        TableFacts? facts = null;
        try
        {
            facts = await new CsvSource(db, scratch, settings).ProfileInChunksAsync(input, fileName, format, size, p => progress?.Report(p), cancellationToken);
        }
        catch (OutOfMemoryException)
        {
            // more than the memory holds after all: DuckDB, which spills, profiles the file
        }
        if (facts is null)
        {
            // the chunks' memory back before DuckDB loads the file beside it
            GC.Collect();
        }
        return facts;
    }

    /// <summary>
    /// The profile of a CSV read into memory, read again from the sniffer's answer where it was read from a guess the
    /// sniffer did not confirm; null when DuckDB is to profile it. Nothing of what was read into memory outlives it.
    /// </summary>
    private async Task<FileProfile?> ProfileReadIntoMemoryAsync(LoadedTable? read, DuckDbSession db, string input, string fileName, string format, long size, string scratch, IProgress<double>? progress, long opening, CancellationToken cancellationToken)
    {
        var notes = read!.Notes;
        var agreed = read.SnifferAgreed;
        var profiled = await ProfileInMemoryAsync(read.InMemory!, read, progress, cancellationToken);
        // (released before the file is read again)
        read = null;
        if (profiled is null && agreed is not null && !await agreed)
        {
            // read from a guess the sniffer did not confirm: read again from the sniffer's answer
            ProfilerTrace.Write("memory guess missed", opening);
            GuessMissed?.Invoke();
            var tables = await LoadAsync(db, input, fileName, format, size, scratch, memory: true, guess: false, progress, cancellationToken);
            notes = tables[0].Notes;
            profiled = tables is [{ InMemory: { } again } readAgain] ? await ProfileInMemoryAsync(again, readAgain, progress, cancellationToken) : null;
        }
        if (profiled is null)
        {
            return null;
        }
        ProfiledBy?.Invoke("memory");
        ProfilerTrace.Write("profile", opening);
        return Finish([profiled], format, notes);
    }

    /// <summary>
    /// The memory profile of a table read into memory; null when a value's parse is unsure, the memory runs out, or the
    /// table was read from a guess the sniffer did not confirm (<see cref="LoadedTable.SnifferAgreed"/>, awaited
    /// whatever happens: the database is the sniffer's until then).
    /// </summary>
    private async Task<TableFacts?> ProfileInMemoryAsync(MemoryCsvTable table, LoadedTable read, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        TableFacts? profiled;
        var agreed = true;
        try
        {
            profiled = new MemoryCsvProfiler(settings.GroupedTextFromRows).Profile(table, read, p => progress?.Report(LoadShare + (1 - LoadShare) * p), cancellationToken);
        }
        catch (OutOfMemoryException)
        {
            // more than the memory profile could hold after all: DuckDB, which spills, profiles the file
            profiled = null;
        }
        finally
        {
            if (read.SnifferAgreed is { } sniffer)
            {
                agreed = await sniffer;
            }
        }
        return agreed ? profiled : null;
    }

    /// <summary>The ready profile of the tables' facts: their findings, and notes on what was left out.</summary>
    private static FileProfile Finish(IReadOnlyList<TableFacts> tables, string format, IEnumerable<string> loadNotes)
    {
        var notes = loadNotes.ToList();
        var profiles = new List<TableProfile>();
        var findings = new List<ProfileFinding>();
        foreach (var facts in tables)
        {
            profiles.Add(facts.Profile);
            findings.AddRange(FindingDetector.Detect(facts));
            if (facts.Profile.OmittedColumns is { Count: > 0 } omitted)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Table '{facts.Profile.Name}' has {facts.Profile.ColumnCount:N0} columns: only the first {ProfileLimits.MaxProfiledColumns} are profiled, the other {omitted.Count:N0} are listed by name."));
            }
            if (facts.Profile.Rows == 0)
            {
                notes.Add($"Table '{facts.Profile.Name}' has a header but no data rows: only its column names are known.");
            }
        }
        if (findings.Count > ProfileLimits.MaxFindings)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Only the first {ProfileLimits.MaxFindings:N0} of {findings.Count:N0} findings are listed."));
            findings = findings[..ProfileLimits.MaxFindings];
        }
        return new FileProfile(ProfileStatuses.Ready, null, profiles, findings, format, 1, notes);
    }

    /// <param name="memory">Whether a CSV may be read into memory rather than loaded into DuckDB.</param>
    private async Task<IReadOnlyList<LoadedTable>> LoadAsync(DuckDbSession db, string input, string fileName, string format, long size, string scratch, bool memory, bool guess, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var expected = TimeSpan.FromSeconds(0.3 + size / BytesPerSecond);
        using var timer = _time.CreateTimer(
            _ => progress?.Report(LoadShare * 0.95 * Math.Min(1, _time.GetElapsedTime(started) / expected)),
            null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        return format switch
        {
            FileFormats.Csv or FileFormats.Tsv => [await new CsvSource(db, scratch, settings).LoadAsync(input, fileName, format, size, "t0", memory, guess, cancellationToken)],
            FileFormats.Xlsx or FileFormats.Xls => await new ExcelSource(db).LoadAsync(input, fileName, format, size, progress, cancellationToken),
            _ => [new DuckDbFileSource(db).Load(input, fileName, format, size, "t0")],
        };
    }
}
