using System.Net;
using System.Text.RegularExpressions;
using CodingAgent.Core.Users;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// The sign-in page in mode Local over plain HTTP (a static server-rendered form with antiforgery): page requests
/// without a cookie go to it, a right password sets the cookie and returns to a local path only, a wrong one says so.
/// </summary>
[Collection("app")]
public sealed partial class SignInPageTests(BootstrapAdminFixture app) : IClassFixture<BootstrapAdminFixture>
{
    private const string Password = "Correct-horse-9";

    [Theory]
    [InlineData("/", "/signin?ReturnUrl=%2F")]
    [InlineData("/dashboards", "/signin?ReturnUrl=%2Fdashboards")]
    public async Task A_page_request_without_a_sign_in_goes_to_the_sign_in_page_with_its_return_url(string page, string expected)
    {
        using var client = Browser();

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, PathOf(response.Headers.Location!));
    }

    [Fact]
    public async Task The_sign_in_page_its_styles_and_scripts_load_without_a_sign_in()
    {
        using var client = Browser();

        var html = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        using var blazor = await client.GetAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative));
        using var styles = await client.GetAsync(new Uri("/_content/MudBlazor/MudBlazor.min.css", UriKind.Relative));

        Assert.Contains("data-testid=\"signin-form\"", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, blazor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
    }

    [Fact]
    public async Task The_right_password_sets_the_cookie_and_returns_to_the_page_asked_for()
    {
        var email = BootstrapAdminFixture.NewEmail("page");
        await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        using var client = Browser();

        using var response = await PostFormAsync(client, "/signin?returnUrl=%2Fdashboards", email, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboards", PathOf(response.Headers.Location!));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CodingAgent.Auth=", StringComparison.Ordinal));
        using var page = await client.GetAsync(new Uri("/dashboards", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("https://elsewhere.example/")]
    [InlineData("//elsewhere.example/")]
    [InlineData("/\\elsewhere.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_to_another_site_goes_to_the_home_page_instead(string returnUrl)
    {
        var email = BootstrapAdminFixture.NewEmail("redirect");
        await app.CreateUserAsync(email, UserRoles.Viewer, Password);
        using var client = Browser();

        using var response = await PostFormAsync(client, "/signin?returnUrl=" + Uri.EscapeDataString(returnUrl), email, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", PathOf(response.Headers.Location!));
        Assert.True(response.Headers.Location!.IsAbsoluteUri is false || response.Headers.Location.Host == "localhost");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_and_keeps_the_address_but_not_the_password()
    {
        var email = BootstrapAdminFixture.NewEmail("typo");
        await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        using var client = Browser();
        const string wrong = "Wrong-horse-typed-1";

        using var response = await PostFormAsync(client, "/signin", email, wrong);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The e-mail address or password is wrong, or the account is locked for a while.", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{email}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, html, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("CodingAgent.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var email = BootstrapAdminFixture.NewEmail("forged");
        await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        using var client = Browser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Input.Email"] = email, ["Input.Password"] = Password,
        });

        using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("CodingAgent.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Signing_out_from_the_page_needs_the_antiforgery_token_and_clears_the_cookie()
    {
        var email = BootstrapAdminFixture.NewEmail("signout");
        await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        using var client = Browser();
        using (var signedIn = await PostFormAsync(client, "/signin", email, Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }
        using (var forged = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        using (var still = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }
        var token = AntiforgeryToken(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));

        using var signOut = await client.PostAsync(new Uri("/signout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin", PathOf(signOut.Headers.Location!));
        using var after = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", PathOf(after.Headers.Location!), StringComparison.Ordinal);
    }

    private HttpClient Browser() => app.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Loads the page (for its antiforgery token and cookie) and posts the form as a browser would.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string email, string password)
    {
        var token = AntiforgeryToken(await client.GetStringAsync(new Uri(url, UriKind.Relative)));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    private static string AntiforgeryToken(string html) => TokenInput().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new Xunit.Sdk.XunitException("The page has no antiforgery token.");

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
