using CodingAgent.Core.Files;
using CodingAgent.Core.Runs;
using Microsoft.AspNetCore.Diagnostics;

namespace CodingAgent.Web.Extensions;

/// <summary>Turns the domain's refusals into RFC 9457 problem responses instead of 500s.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IEnumerable<Health.IDependencyFailureClassifier> dependencies) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (dependencies.Select(d => d.Classify(exception)).FirstOrDefault(d => d is not null) is { } dependency && !httpContext.Response.HasStarted)
        {
            // a dependency outage: the request may be repeated once the service is back; the app itself needs no restart
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service unavailable",
                    Detail = $"{dependency} is unreachable right now; nothing was lost. Try again shortly.",
                },
            });
        }
        (int Status, string Title)? mapped = exception switch
        {
            Core.Audit.AuditUnavailableException => (503, "Audit log unavailable"),
            InvalidFileNameException => (400, "Invalid file name"),
            FileTooLargeException => (413, "File too large"),
            InvalidQuestionException invalid => (400, invalid.Title),
            Core.Agent.TokenBudgetExceededException => (429, "Token budget reached"),
            Core.Users.QuotaExceededException quota => (quota.Storage ? 413 : 429, quota.Title),
            SessionNotFoundException => (404, "Session not found"),
            RunInProgressException => (409, "A run is in progress"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            InvalidDataException => (400, "Bad request"),
            _ => null,
        };
        if (mapped is not { } problem || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = exception.Message,
        };
        if (exception is RunInProgressException running)
        {
            // the run to follow or cancel instead, whichever instance executes it
            details.Extensions["runId"] = running.RunId;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = details });
    }
}
