namespace CodingAgent.Core.Profiling;

/// <summary>
/// What is known about one version of an uploaded file without a model: its tables, a profile of every column, and
/// the quality problems found, each with the pandas code that fixes it. Produced by <see cref="IFileProfiler"/>.
/// </summary>
/// <param name="Status">One of <see cref="ProfileStatuses"/>.</param>
/// <param name="Error">Why the file could not be read (with the line, when known); null unless failed.</param>
/// <param name="Format">The detected format: csv, tsv, xlsx, xls, parquet, json, jsonl.</param>
/// <param name="Progress">0..1 while pending, 1 when done.</param>
/// <param name="Notes">Notices that do not fail the profile, for people ("only the first 500 of 20,000 columns are profiled").</param>
/// <param name="Version">The file version this profile describes.</param>
public sealed record FileProfile(
    string Status,
    string? Error,
    IReadOnlyList<TableProfile> Tables,
    IReadOnlyList<ProfileFinding> Findings,
    string? Format = null,
    double Progress = 0,
    IReadOnlyList<string>? Notes = null,
    int? Version = null)
{
    public static FileProfile Pending(double progress = 0) => new(ProfileStatuses.Pending, null, [], [], null, progress);

    public static FileProfile Failed(string error, string? format = null) => new(ProfileStatuses.Failed, error, [], [], format, 1);
}
