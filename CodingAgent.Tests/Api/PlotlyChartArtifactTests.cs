using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Artifacts;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Api;

/// <summary>Chart artifacts are stored sanitised, and served sanitised even when stored before the sanitiser existed.</summary>
[Collection("app")]
public sealed class PlotlyChartArtifactTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly byte[] _hostileFigure = PlotlyFigureSanitizerTests.HostileFigure;

    [Fact]
    public async Task A_chart_from_model_code_is_stored_without_links_or_foreign_sources()
    {
        app.Model.Play("show the hostile figure",
            new ToolCallTurn("import plotly.io as pio\nfig = pio.read_json('hostile-figure.json')\nfig.show()"),
            new TextTurn("Here it is."));
        var session = await app.Client.CreateSessionAsync();
        (await app.Client.UploadAsync(session, "hostile-figure.json", _hostileFigure)).EnsureSuccessStatusCode();

        var events = await app.Client.QueryAsync(session, "show the hostile figure");

        var id = events.Single(e => e.Name == "artifact").Data.GetProperty("id").GetGuid();
        var artifact = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{id}");
        var blobs = app.Factory.Services.GetRequiredService<IBlobStore>();
        await using var stored = (await blobs.OpenReadAsync(BlobKeys.Artifact(session, id), CancellationToken.None))!;
        using var buffer = new MemoryStream();
        await stored.CopyToAsync(buffer);
        Assert.Equal(buffer.Length, artifact.GetProperty("size").GetInt64());
        AssertSanitized(JsonDocument.Parse(buffer.ToArray()).RootElement);
    }

    [Fact]
    public async Task A_chart_stored_before_sanitising_is_served_sanitised()
    {
        var session = await app.Client.CreateSessionAsync();
        var id = Guid.NewGuid();
        var blobs = app.Factory.Services.GetRequiredService<IBlobStore>();
        using (var content = new MemoryStream(_hostileFigure))
        {
            await blobs.PutAsync(BlobKeys.Artifact(session, id), content, CancellationToken.None);
        }
        await app.Factory.Services.GetRequiredService<ISessionRepository>().AddArtifactAsync(new Artifact
        {
            Id = id,
            SessionId = session,
            Kind = ArtifactKinds.Chart,
            Name = "old.json",
            MediaType = "application/vnd.plotly.v1+json",
            Size = _hostileFigure.Length,
            CreatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

        var response = await app.Client.GetAsync($"/api/artifacts/{id}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertSanitized(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static void AssertSanitized(JsonElement figure)
    {
        var text = figure.GetRawText();
        Assert.Equal(2, figure.GetProperty("layout").GetProperty("images").GetArrayLength());
        Assert.Equal("Monthly revenue <b>2023</b>", figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(3, figure.GetProperty("data").GetArrayLength());
        Assert.DoesNotContain("evil.example", text);
        Assert.DoesNotContain("127.0.0.1", text);
        Assert.DoesNotContain("javascript", text, StringComparison.OrdinalIgnoreCase);
    }
}
