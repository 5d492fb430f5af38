using Microsoft.AspNetCore.Mvc;

namespace CodingAgent.Web.Auth;

/// <summary>The API's answers to a request without a valid identity (401) or without the role for it (403), as RFC 9457 problems.</summary>
public static class AuthProblems
{
    public static Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "Sign-in required",
            "Sign in (POST /api/auth/login) or send a valid token as 'Authorization: Bearer <token>'.");
    }

    public static Task WriteForbiddenAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed", "Your role does not allow this.");

    private static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
