using System.Globalization;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Audit;

/// <summary>
/// (added) <c>GET /api/audit</c>: reading the append-only audit log (docs/api.md, Audit). There is deliberately no
/// route that changes or removes an entry. Administrators only (403 problem for others); in <c>Auth:Mode</c> None the one local user is the administrator.
/// </summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", Query).WithTags("audit").RequireAuthorization(Auth.AuthPolicies.Admin);
        return api;
    }

    private static async Task<Results<Ok<List<AuditEntryDto>>, ProblemHttpResult>> Query(
        string? user, string? from, string? to, string? limit, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (user is { Length: > AuditEntry.MaxUserLength })
        {
            return SessionsApi.Problem(400, "Invalid user", $"user is longer than {AuditEntry.MaxUserLength} characters.");
        }
        if (!TryParseTime(from, out var fromTime))
        {
            return SessionsApi.Problem(400, "Invalid from", "from must be an ISO 8601 time with its offset, e.g. 2026-01-31T08:00:00Z.");
        }
        if (!TryParseTime(to, out var toTime))
        {
            return SessionsApi.Problem(400, "Invalid to", "to must be an ISO 8601 time with its offset, e.g. 2026-01-31T18:00:00Z.");
        }
        if (fromTime > toTime)
        {
            return SessionsApi.Problem(400, "Invalid range", "from must not be after to.");
        }
        var count = AuditQuery.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AuditQuery.MaxLimit))
        {
            return SessionsApi.Problem(400, "Invalid limit", $"limit must be a whole number from 1 to {AuditQuery.MaxLimit}.");
        }
        var entries = await audit.QueryAsync(new AuditQuery(string.IsNullOrEmpty(user) ? null : user, fromTime, toTime, count), cancellationToken);
        return TypedResults.Ok(entries.Select(AuditEntryDto.From).ToList());
    }

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        // an offset is required: a time without one would be read in the server's zone
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }
}
