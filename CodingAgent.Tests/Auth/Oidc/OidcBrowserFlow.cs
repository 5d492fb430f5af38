using System.Net;
using System.Text.RegularExpressions;

namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>
/// What a browser does to sign in to the app in mode Oidc, step by step over HTTP: the app sends it to
/// <c>/signin/oidc</c>, that to the provider's form; the form is posted with the user's password, and the provider's
/// redirect back to the app's callback ends with the app's cookie and a redirect to the page first asked for.
/// </summary>
public static partial class OidcBrowserFlow
{
    /// <summary>Signs in from <paramref name="path"/> (a page, or <c>/signin/oidc</c> itself); returns where the app sends the browser in the end.</summary>
    public static async Task<Uri> SignInAsync(HttpClient app, string path, string userName, string password)
    {
        using var back = await CallbackAsync(app, path, userName, password);
        Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"{back.StatusCode}: {await back.Content.ReadAsStringAsync()}");
        return Location(back);
    }

    /// <summary>Goes through the provider from <paramref name="path"/>; returns the app's answer to the provider's redirect back.</summary>
    public static async Task<HttpResponseMessage> CallbackAsync(HttpClient app, string path, string userName, string password)
    {
        using var page = await app.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var authorize = Location(page);
        if (authorize.AbsolutePath == "/signin/oidc")
        {
            using var challenge = await app.GetAsync(authorize);
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            authorize = Location(challenge);
        }
        Assert.Equal("/connect/authorize", authorize.AbsolutePath);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var form = await provider.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        var fields = HiddenInput().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", userName)).Append(new("password", password)).ToList();
        using var posted = await provider.PostAsync(new Uri(authorize, "/connect/authorize"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var callback = Location(posted);
        Assert.Equal("/signin-oidc", callback.AbsolutePath);

        return await app.GetAsync(callback);
    }

    private static Uri Location(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location))
            : throw new InvalidOperationException($"{response.StatusCode} without a Location header");

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
