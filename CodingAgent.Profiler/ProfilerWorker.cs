using System.Text;
using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// The profiler process: <c>CodingAgent.Profiler INPUT FILE-NAME [--memory-mb N] [--threads N] [--scratch DIR]</c> reads
/// INPUT (named FILE-NAME in the workspace) and writes JSON lines to stdout: <c>{"progress":0.5}</c> as it goes, then
/// one <c>{"profile":{…}}</c>. Exit code 0 whenever a profile line was written, whatever the file held.
/// Started ahead of its file (<c>--await DIR</c>), it first warms up (profiles a small file of its own in the scratch
/// folder, so that .NET has compiled and DuckDB has loaded what a profile needs), writes <c>{"ready":true}</c>, then
/// reads one line from stdin — the name of the file in DIR — and profiles that one file the same way; stdin closed
/// before a name: it exits.
/// </summary>
internal static class ProfilerWorker
{
    /// <summary>Rows of the warm-up file: more than the type inference's sample.</summary>
    private const int WarmUpRows = 120_000;

    /// <summary>Rows of the warm-up file DuckDB profiles (every step of its profile runs for a few rows as for many).</summary>
    private const int DuckDbWarmUpRows = 2_000;

    public static async Task<int> RunAsync(string[] args, Stream output, TextReader input, CancellationToken cancellationToken)
    {
        var arguments = ProfilerArguments.Parse(args);
        if (arguments is null)
        {
            await Console.Error.WriteLineAsync(ProfilerArguments.Usage);
            return 2;
        }
        await using var writer = new StreamWriter(output, new UTF8Encoding(false));
        var progress = new ProgressWriter(writer, TimeProvider.System);
        OpenedDatabase? ahead = null;
        if (arguments.AwaitFolder is not null)
        {
            await WarmUpAsync(arguments.Settings, cancellationToken);
            ahead = OpenAhead(arguments.Settings);
            NoCollectionsAhead();
            await writer.WriteLineAsync("{\"ready\":true}".AsMemory(), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            if (await input.ReadLineAsync(cancellationToken) is not { } name)
            {
                ahead?.Dispose();
                return 0;
            }
            if (arguments.WithFile(name) is not { } assigned)
            {
                ahead?.Dispose();
                progress.WriteFinal(JsonSerializer.Serialize(new { profile = FileProfile.Failed("The profiler was not given a file name it can read.") }, JsonSerializerOptions.Web));
                return 0;
            }
            arguments = assigned;
        }
        // (the database and its folder go once the profile is on its way)
        using (ahead)
        {
            FileProfile profile;
            var collections = GC.CollectionCount(0);
            var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
            try
            {
                profile = await new FileProfiler(arguments.Settings).ProfileAsync(arguments.Input, arguments.FileName, progress, cancellationToken, ahead);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                profile = FileProfile.Failed("The profiler could not read the file: " + e.Message);
            }
            ProfilerTrace.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"collections: {GC.CollectionCount(0) - collections}"));
            ProfilerTrace.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"compiled during the profile: {System.Runtime.JitInfo.GetCompiledMethodCount() - methods}"));
            var serializing = System.Diagnostics.Stopwatch.GetTimestamp();
            progress.WriteFinal(JsonSerializer.Serialize(new { profile }, JsonSerializerOptions.Web));
            ProfilerTrace.Write("written", serializing);
            return 0;
        }
    }

    /// <summary>The memory a profile may allocate before .NET's first collection in it, at most (<see cref="NoCollectionsAhead"/>).</summary>
    private const long NoCollectionBytes = 256L << 20;

    /// <summary>
    /// Asks .NET for no collection until the profile has allocated up to a third of the heap's limit (at most
    /// <see cref="NoCollectionBytes"/>): the worker profiles one file and exits, and a 10 MB file's profile, which
    /// allocates about 70 MB, otherwise ran two full collections whose concurrent marking took CPU time from the
    /// profile's two threads (10 MB: 130 → 120 ms of CPU). Past that, collections run as usual. Whatever .NET
    /// answers, the profile goes on.
    /// </summary>
    private static void NoCollectionsAhead()
    {
        var bytes = Math.Min(NoCollectionBytes, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 3);
        try
        {
            _ = GC.TryStartNoGCRegion(bytes);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // more than this runtime allows at once (or a region already on): collections as usual
        }
    }

    /// <summary>The file's database, opened while the worker waits; null when it cannot be (the profile then opens its own and reports why).</summary>
    private static OpenedDatabase? OpenAhead(ProfilerSettings settings)
    {
        try
        {
            return OpenedDatabase.Open(settings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            return null;
        }
    }

    /// <summary>
    /// Profiles mixed-type CSVs of its own (in the scratch folder, deleted after) with both engines and serializes the
    /// profile: every step a real profile takes runs once, so the file that comes next pays for its own work only.
    /// Whatever happens here is ignored.
    /// </summary>
    private static async Task WarmUpAsync(ProfilerSettings settings, CancellationToken cancellationToken)
    {
        var path = Path.Combine(settings.ScratchDirectory, "warm-up-" + Guid.NewGuid().ToString("N") + ".csv");
        var small = Path.Combine(settings.ScratchDirectory, "warm-up-small-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            // longer than the type inference's sample and than a single read's stretch, with every kind of column, so
            // that each path of the memory profile runs once; its first rows for DuckDB's (which larger files take)
            var text = new StringBuilder("id,customer,amount,price,qty,ordered,category,note,flag,discount\n");
            for (var row = 1; row <= WarmUpRows; row++)
            {
                if (row == DuckDbWarmUpRows + 1)
                {
                    await File.WriteAllTextAsync(small, text.ToString(), cancellationToken);
                }
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{row},{row % 4_000 + 1},{row % 97 * 1.5},\"${row * 7 % 90_000:N0}.{row % 100:00}\",{(row % 50 == 0 ? "N/A" : (row % 20).ToString(System.Globalization.CultureInfo.InvariantCulture))},{(row % 40 == 0 ? $"{row % 28 + 1:00}/12/2024" : $"2024-{row % 12 + 1:00}-{row % 28 + 1:00}")},{(row % 3 == 0 ? "Books" : " books")},{(row % 500 == 0 ? "\"say \"\"hi\"\"\"" : "note " + (row % 300).ToString(System.Globalization.CultureInfo.InvariantCulture))},{row % 2 == 0},{(row % 10 == 0 ? "" : (row % 50 / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture))}\n");
            }
            await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
            // (its progress and profile written as the file's will be, to nowhere)
            var progress = new ProgressWriter(TextWriter.Null, TimeProvider.System);
            var profile = await new FileProfiler(settings).ProfileAsync(path, "warm-up.csv", progress, cancellationToken);
            _ = await new FileProfiler(settings with { MemoryCsvUpToBytes = 0 }).ProfileAsync(small, "warm-up.csv", progress, cancellationToken);
            // the serializer builds its metadata for the profile's types on first use (25 ms): here, not on the file's time
            progress.WriteFinal(JsonSerializer.Serialize(new { profile }, JsonSerializerOptions.Web));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            // a worker that could not warm up is only slower
        }
        finally
        {
            File.Delete(path);
            File.Delete(small);
        }
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        CompileAhead();
        ProfilerTrace.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"compiled ahead: {System.Runtime.JitInfo.GetCompiledMethodCount() - compiled}"));
    }

    /// <summary>
    /// Compiles every method of the profiler (and Core's <see cref="PythonLiteral"/>) that the warm-up left uncompiled: what
    /// only some files reach (a table that outgrows its estimate, outliers' cleaning code), compiled now, not on the
    /// file's time (with tiered compilation off, each is compiled fully optimized: 10 MB, 27 methods, 6 % of its CPU
    /// time). Generic methods are left to their first call.
    /// </summary>
    private static void CompileAhead()
    {
        // (of Core, the profiling contract's code that writes cleaning steps; its other types need the web host's assemblies)
        var types = LoadableTypes(typeof(ProfilerWorker).Assembly).Append(typeof(PythonLiteral));
        const System.Reflection.BindingFlags all = System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Instance
            | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic;
        foreach (var type in types.Where(t => !t.ContainsGenericParameters))
        {
            IEnumerable<System.Reflection.MethodBase> methods;
            try
            {
                methods = [.. type.GetMethods(all), .. type.GetConstructors(all)];
            }
            catch (Exception e) when (e is TypeLoadException or BadImageFormatException or IOException or NotSupportedException)
            {
                // a type whose members do not load here: its methods are compiled at their first call, as before
                continue;
            }
            foreach (var method in methods)
            {
                try
                {
                    if (!method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null)
                    {
                        System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException or BadImageFormatException or IOException)
                {
                    // a method the runtime will not compile ahead: compiled at its first call, as before
                }
            }
        }
    }

    /// <summary>The assembly's types that load here.</summary>
    private static IEnumerable<Type> LoadableTypes(System.Reflection.Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (System.Reflection.ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
