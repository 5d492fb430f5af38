using CodingAgent.Web.Auth;

namespace CodingAgent.Tests.Auth;

/// <summary>The sign-in page only ever sends the browser to a path of this app (no open redirect).</summary>
public sealed class ReturnUrlsTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/dashboards")]
    [InlineData("/s/6a0c1d7e-0f5e-4d36-9f3c-1f1e2b3c4d5e?x=1#top")]
    public void A_path_of_this_app_is_local(string url) => Assert.Equal(url, ReturnUrls.Safe(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://elsewhere.example/")]
    [InlineData("//elsewhere.example")]
    [InlineData("/\\elsewhere.example")]
    [InlineData("\\\\elsewhere.example")]
    [InlineData("/a\\b")]
    [InlineData("javascript:alert(1)")]
    [InlineData("dashboards")]
    [InlineData("/\telsewhere")]
    public void Anything_else_goes_to_the_home_page(string? url) => Assert.Equal("/", ReturnUrls.Safe(url));

    [Fact]
    public void The_sign_in_path_carries_a_local_return_url_escaped_and_drops_a_foreign_one()
    {
        Assert.Equal("/signin?returnUrl=%2Fdashboards%3Fa%3D1", ReturnUrls.SignInPath("/dashboards?a=1"));
        Assert.Equal("/signin", ReturnUrls.SignInPath("//elsewhere.example"));
        Assert.Equal("/signin", ReturnUrls.SignInPath("/"));
    }
}
