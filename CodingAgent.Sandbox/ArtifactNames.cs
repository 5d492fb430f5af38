using System.Text.RegularExpressions;
using CodingAgent.Core.Domain;

namespace CodingAgent.Sandbox;

/// <summary>Names and media types of artifacts as the kernel reports them, normalised: code chooses them.</summary>
internal static partial class ArtifactNames
{
    [GeneratedRegex(@"[^A-Za-z0-9._-]+")]
    private static partial Regex Unsafe();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex Dots();

    [GeneratedRegex(@"^[a-z]+/[a-z0-9.+-]+$")]
    private static partial Regex MediaType();

    public static string Sanitize(string? name, string kind)
    {
        var cleaned = Dots().Replace(Unsafe().Replace(Path.GetFileName(name ?? ""), "-"), ".").Trim('.', '-');
        if (cleaned.Length > 100)
        {
            cleaned = cleaned[^100..];
        }
        return cleaned.Length > 0 ? cleaned : kind switch
        {
            ArtifactKinds.Chart => "chart.json",
            ArtifactKinds.Table => "table.json",
            ArtifactKinds.Image => "figure.png",
            _ => "file",
        };
    }

    public static string SanitizeMediaType(string? mediaType, string kind) => kind switch
    {
        ArtifactKinds.Chart => "application/vnd.plotly.v1+json",
        ArtifactKinds.Table => "application/vnd.codingagent.table+json",
        ArtifactKinds.Image => "image/png",
        _ => mediaType is not null && MediaType().IsMatch(mediaType) ? mediaType : "application/octet-stream",
    };
}
