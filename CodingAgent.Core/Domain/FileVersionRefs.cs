using System.Text.Json;

namespace CodingAgent.Core.Domain;

/// <summary>The JSON form of <see cref="Artifact.InputFiles"/>.</summary>
public static class FileVersionRefs
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IEnumerable<FileVersionRef> files) =>
        JsonSerializer.Serialize(files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(), _json);

    public static IReadOnlyList<FileVersionRef> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<FileVersionRef>>(json, _json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
