namespace CodingAgent.Web.Components.Files.Profiles;

/// <summary>A version of a session's file whose profile the page shows.</summary>
public sealed record ProfiledFile(Guid SessionId, string Name, int Version);
