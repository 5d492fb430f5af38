using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// What the worker wrote to stdout: JSON lines, <c>{"progress":0.42}</c> any number of times, then one
/// <c>{"profile":{…}}</c>, where reading stops. Everything else is ignored; more than the cap before the profile fails it
/// as too large.
/// </summary>
internal sealed record WorkerOutput(FileProfile? Profile, bool TooLarge)
{
    public static async Task<WorkerOutput> ReadAsync(Stream stdout, long maxBytes, IProgress<double>? progress)
    {
        var reader = new ProtocolLineReader(stdout, maxBytes);
        long total = 0;
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                total += line.Length + 1;
                if (total > maxBytes)
                {
                    return new WorkerOutput(null, TooLarge: true);
                }
                if (Parse(line, progress) is { } profile)
                {
                    // the last line of the protocol: what comes after it (nothing, from the real worker) is not read
                    return new WorkerOutput(profile, TooLarge: false);
                }
            }
        }
        catch (InvalidDataException)
        {
            // one line longer than the whole budget
            return new WorkerOutput(null, TooLarge: true);
        }
        return new WorkerOutput(null, TooLarge: false);
    }

    /// <summary>Reports a progress line; returns the profile of a profile line, made whole (lists never null, progress 1).</summary>
    private static FileProfile? Parse(byte[] line, IProgress<double>? progress)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            if (root.TryGetProperty("progress", out var value) && value.ValueKind == JsonValueKind.Number)
            {
                progress?.Report(Math.Clamp(value.GetDouble(), 0, 1));
                return null;
            }
            if (root.TryGetProperty("profile", out var body) && body.ValueKind == JsonValueKind.Object
                && body.Deserialize<FileProfile>(JsonSerializerOptions.Web) is { } profile)
            {
                return profile.Status is ProfileStatuses.Ready or ProfileStatuses.Failed
                    ? profile with { Tables = profile.Tables ?? [], Findings = profile.Findings ?? [], Progress = 1 }
                    : FileProfile.Failed($"The profiler returned a profile with the status \"{Truncate(profile.Status)}\".");
            }
        }
        catch (JsonException)
        {
            // not a line of the protocol (a library printing to stdout): ignored
        }
        return null;
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length > 40 ? text[..40] : text;
}
