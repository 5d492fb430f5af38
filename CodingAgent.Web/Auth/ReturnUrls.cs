namespace CodingAgent.Web.Auth;

/// <summary>Where the sign-in page may send the browser afterwards: only a path of this app, never another site.</summary>
public static class ReturnUrls
{
    public const string SignInPage = "/signin";

    /// <summary>
    /// True for a local path: starts with one <c>/</c> (not <c>//host</c> nor <c>/\host</c>, which browsers read as another
    /// site), with no back-slash or control character anywhere.
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= 2000 }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c));

    /// <summary>The local path to go to, or <c>/</c> when <paramref name="url"/> is missing or not local.</summary>
    public static string Safe(string? url) => IsLocal(url) ? url! : "/";

    /// <summary>The sign-in page, coming back to <paramref name="returnUrl"/> when it is local (and not the home page).</summary>
    public static string SignInPath(string? returnUrl) =>
        IsLocal(returnUrl) && returnUrl != "/" ? $"{SignInPage}?returnUrl={Uri.EscapeDataString(returnUrl!)}" : SignInPage;
}
