namespace CodingAgent.Web.Api;

internal static class ContentTypes
{
    private static readonly Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider _provider = new();

    /// <summary>Uploads are served as downloads; the type only helps the client choose an application.</summary>
    public static string For(string name) => _provider.TryGetContentType(name, out var type) && !type.Contains("html", StringComparison.Ordinal) && !type.Contains("javascript", StringComparison.Ordinal) && !type.Contains("svg", StringComparison.Ordinal)
        ? type
        : "application/octet-stream";
}
