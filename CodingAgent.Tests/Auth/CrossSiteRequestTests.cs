using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// A change to the API sent by another site's page (a form or a plain fetch needs no CORS preflight, and a sibling
/// intranet host still gets a SameSite=Lax cookie) is refused before it reaches a route; reads, scripts and the
/// app's own page are not.
/// </summary>
[Collection("app")]
public sealed class CrossSiteRequestTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "http://other.example")]
    [InlineData("Origin", "null")]
    public async Task An_upload_sent_by_another_site_is_refused_with_a_403_problem_and_stores_nothing(string header, string value)
    {
        var session = await CreateSessionAsync();

        using var response = await UploadAsync(session, header, value);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Cross-site request refused", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(0, (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files")).GetArrayLength());
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Sec-Fetch-Site", "none")]
    [InlineData("Origin", "")]
    public async Task An_upload_from_the_apps_own_page_or_a_script_is_served(string header, string value)
    {
        var session = await CreateSessionAsync();

        using var response = await UploadAsync(session, header, value.Length == 0 ? app.Client.BaseAddress!.GetLeftPart(UriPartial.Authority) : value);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_request_with_an_authorization_header_is_not_taken_for_a_cross_site_one()
    {
        var session = await CreateSessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/files") { Content = Csv() };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ca_anything");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_read_from_another_site_is_not_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> UploadAsync(Guid session, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/files") { Content = Csv() };
        request.Headers.TryAddWithoutValidation(header, value);
        return await app.Client.SendAsync(request);
    }

    private static MultipartFormDataContent Csv() =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes("region,amount\nwest,9\n")), "file", "data.csv" } };

    private async Task<Guid> CreateSessionAsync()
    {
        using var created = await app.Client.PostAsJsonAsync("/api/sessions", new { title = "cross-site" });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
