using CodingAgent.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Access;

/// <summary>The problems of <see cref="ResourceAccessFilter"/>: a 404 identical to an unknown id's, and the 403 of a read-only user.</summary>
public static class ResourceProblems
{
    public static ProblemHttpResult NotFound(ResourceKind kind, string id) => kind switch
    {
        ResourceKind.Session => Api.SessionsApi.Problem(404, "Session not found", $"There is no session {id}."),
        ResourceKind.Dashboard => Api.SessionsApi.Problem(404, "Dashboard not found", $"There is no dashboard {id}."),
        _ => Api.SessionsApi.Problem(404, "Artifact not found", $"There is no artifact {id}."),
    };

    public static ProblemHttpResult Forbidden(ResourceKind kind, CurrentUser user)
    {
        var what = kind == ResourceKind.Dashboard ? "dashboard" : "session";
        return user.CanRunCode
            ? Api.SessionsApi.Problem(403, "Read-only", $"This {what} is shared with you read-only; only its owner can change it or run code in it.")
            : RunsNothing();
    }

    /// <summary>The answer to a viewer who asks for anything that changes data or runs code.</summary>
    public static ProblemHttpResult RunsNothing() =>
        Api.SessionsApi.Problem(403, "Not allowed for viewers", "Your role (viewer) reads what is shared with you; it cannot change anything or run code.");
}
