using System.Net;
using System.Net.Http.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

/// <summary>Pages, API, problems, static files and event streams all carry the same security headers.</summary>
[Collection("app")]
public sealed class SecurityHeadersTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>Scripts only from this origin (no inline script, no eval); nothing loaded or framed from elsewhere.</summary>
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static TheoryData<string, HttpStatusCode> Gets() => new()
    {
        { "/", HttpStatusCode.OK },
        { "/healthz", HttpStatusCode.OK },
        { "/api/sessions", HttpStatusCode.OK },
        { $"/api/sessions/{Guid.Empty}", HttpStatusCode.NotFound },
        { $"/api/artifacts/{Guid.Empty}/content", HttpStatusCode.NotFound },
        { "/no/such/page", HttpStatusCode.NotFound },
        { "/app.js", HttpStatusCode.OK },
        { "/_content/Plotly.Blazor/plotly-3.7.0.min.js", HttpStatusCode.OK },
        { "/_framework/blazor.web.js", HttpStatusCode.OK },
        { "/openapi/v1.json", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Gets))]
    public async Task Every_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task A_problem_written_by_the_exception_handler_keeps_the_headers()
    {
        var session = await app.Client.CreateSessionAsync();

        using var response = await app.Client.UploadAsync(session, "..", [1]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task An_event_stream_carries_the_security_headers()
    {
        app.Model.Play("headers on the stream", new TextTurn("A short answer."));
        var session = await app.Client.CreateSessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message = "headers on the stream" }) };

        using var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
        var events = await ApiClientExtensions.ReadEventsAsync(await response.Content.ReadAsStreamAsync());
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(Policy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }
}
