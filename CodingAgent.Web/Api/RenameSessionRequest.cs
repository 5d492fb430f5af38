namespace CodingAgent.Web.Api;

/// <summary>The body of <c>PATCH /api/sessions/{id}</c>: the new title (1 to 200 characters once on one line and trimmed).</summary>
public sealed record RenameSessionRequest(string? Title);
