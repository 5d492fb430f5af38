namespace CodingAgent.Web.Security;

/// <summary>
/// Refuses an <c>/api</c> request that changes something (POST, PUT, PATCH, DELETE) when a browser says another site
/// sent it: <c>Sec-Fetch-Site</c> other than <c>same-origin</c> or <c>none</c>, or, from a browser without that header,
/// an <c>Origin</c> of another host. The page's cookie is SameSite=Lax, which a sibling host of the same site (another
/// intranet app) still gets; requests a form or a plain fetch can send without a CORS preflight (a multipart upload, a
/// cancel with no body) would otherwise carry it. Requests with an <c>Authorization</c> header (scripts with a token;
/// a browser cannot add one cross-site without a preflight, which fails) and requests without either header (scripts,
/// curl) are let through.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsRefused(request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-site request refused",
                    Detail = "A change sent by another site's page is refused; use this app's page, or send a token as 'Authorization: Bearer <token>'.",
                },
            }).AsTask();
        }
        return next(context);
    }

    internal static bool IsRefused(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments("/api") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || request.Headers.Authorization.Count > 0)
        {
            return false;
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
