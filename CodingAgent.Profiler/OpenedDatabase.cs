namespace CodingAgent.Profiler;

/// <summary>
/// A profile's scratch folder and its DuckDB database, opened before the profile needs them: a warm worker opens one
/// while it waits for its file (10 ms less on the file's time). Disposing closes the database and deletes the folder.
/// </summary>
internal sealed class OpenedDatabase : IDisposable
{
    private OpenedDatabase(string scratch, DuckDbSession session)
    {
        Scratch = scratch;
        Session = session;
    }

    /// <summary>The profile's own folder in the settings' scratch folder: DuckDB spills here, the CSV source writes its copies here.</summary>
    public string Scratch { get; }

    public DuckDbSession Session { get; }

    public static OpenedDatabase Open(ProfilerSettings settings)
    {
        var scratch = Path.Combine(settings.ScratchDirectory, "codingagent-profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            return new OpenedDatabase(scratch, new DuckDbSession(settings, scratch));
        }
        catch
        {
            Delete(scratch);
            throw;
        }
    }

    public void Dispose()
    {
        Session.Dispose();
        Delete(Scratch);
    }

    private static void Delete(string scratch)
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // a spill file still open: the scratch folder is temporary anyway
        }
    }
}
