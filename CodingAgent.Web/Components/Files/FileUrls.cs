namespace CodingAgent.Web.Components.Files;

/// <summary>Links to a file of the REST API; the name is escaped as one path segment.</summary>
public static class FileUrls
{
    public static string Download(Guid sessionId, string name, int? version = null) =>
        $"/api/sessions/{sessionId}/files/{Uri.EscapeDataString(name)}" + (version is { } v ? $"?version={v}" : "");
}
