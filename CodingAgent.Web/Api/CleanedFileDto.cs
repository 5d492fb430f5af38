namespace CodingAgent.Web.Api;

public sealed record CleanedFileDto(string Name, int Version);
