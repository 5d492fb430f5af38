namespace CodingAgent.Web.Api;

/// <summary>The body of <c>POST …/files/{name}/clean</c>: the ids of the findings whose steps to apply.</summary>
public sealed record CleanRequest(IReadOnlyList<string>? Findings);
