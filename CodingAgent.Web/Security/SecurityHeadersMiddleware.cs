namespace CodingAgent.Web.Security;

/// <summary>
/// Sets the same security headers on every response (pages, API, problems, static files, event streams). They are
/// added when the response starts, so an exception handler that clears the response does not drop them.
/// The policy allows scripts only from this origin (no inline script, no eval), images only from this origin and
/// inline data, and connections (fetch, Blazor's WebSocket) only to this origin; CSP 3's <c>'self'</c> covers
/// <c>ws:</c>/<c>wss:</c> of the same host.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
