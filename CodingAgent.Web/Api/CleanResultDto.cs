using CodingAgent.Core.Profiling;

namespace CodingAgent.Web.Api;

/// <summary>The answer of <c>POST …/files/{name}/clean</c>: the version written, the script, and that version's profile.</summary>
public sealed record CleanResultDto(CleanedFileDto File, string Code, FileProfile Profile)
{
    public static CleanResultDto From(CleaningResult result) => new(new CleanedFileDto(result.Name, result.Version), result.Code, result.Profile);
}
