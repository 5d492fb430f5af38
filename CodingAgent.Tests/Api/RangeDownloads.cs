using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

/// <summary>What a file download must do with ranges and its ETag, whichever blob store holds the file.</summary>
public static class RangeDownloads
{
    /// <summary>Uploads 1,000,000 bytes as data.bin into <paramref name="session"/> and checks 206, 416, 304 and the full 200.</summary>
    public static async Task AssertServedInRangesAsync(HttpClient client, Guid session)
    {
        var content = GeneratedStream.Bytes(1_000_000);
        var upload = await client.UploadAsync(session, "data.bin", content);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var sha256 = (await upload.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("sha256").GetString();
        var url = $"/api/sessions/{session}/files/data.bin";

        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(400_000, 400_999);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("bytes 400000-400999/1000000", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(content[400_000..401_000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{sha256}\"", partial.Headers.ETag?.Tag);

        using var outside = new HttpRequestMessage(HttpMethod.Get, url);
        outside.Headers.Range = new RangeHeaderValue(2_000_000, null);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await client.SendAsync(outside)).StatusCode);

        using var unchanged = new HttpRequestMessage(HttpMethod.Get, url);
        unchanged.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha256}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(unchanged)).StatusCode);

        var whole = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync());
    }
}
