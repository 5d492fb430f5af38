using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>(added) The accounts of <c>Auth:Mode</c> Local, for administrators (docs/api.md, Accounts): <c>POST /api/users</c>, <c>GET /api/users</c>.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("accounts").RequireAuthorization(AuthPolicies.Admin);
        users.MapPost("", Create);
        users.MapGet("", List);
        return app;
    }

    private static async Task<Results<Created<UserDto>, ProblemHttpResult>> Create(
        CreateUserRequest? request, HttpContext http, IOptions<AuthOptions> options, UserManager<AppUser> users, IAuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!options.Value.IsLocal)
        {
            return AuthApi.NoAccounts("Accounts");
        }
        var email = request?.Email?.Trim() ?? "";
        if (email.Length is 0 or > LocalSignIn.MaxInputLength || string.IsNullOrEmpty(request?.Password))
        {
            return AuthApi.Problem(400, "Invalid user", $"Send {{ \"email\", \"password\", \"role\" }}; the e-mail address is required, at most {LocalSignIn.MaxInputLength} characters.");
        }
        if (UserRoles.Normalize(request.Role) is not { } role)
        {
            return AuthApi.Problem(400, "Invalid role", $"role must be one of {string.Join(", ", UserRoles.All)}.");
        }
        var user = new AppUser { UserName = email, Email = email, Role = role, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                return AuthApi.Problem(409, "User exists", $"An account with the e-mail address {email} exists already.");
            }
            return TypedResults.Problem(statusCode: 400, title: "Invalid user", detail: string.Join(" ", created.Errors.Select(e => e.Description)),
                extensions: new Dictionary<string, object?> { ["errors"] = created.Errors.Select(e => new { code = e.Code, description = e.Description }).ToList() });
        }
        var admin = http.User.RequireCurrentUser();
        await audit.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), admin.Name, AuditActions.UserCreated, null, $"{email} ({role})"), cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", From(user, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<List<UserDto>>, ProblemHttpResult>> List(
        IOptions<AuthOptions> options, UserManager<AppUser> users, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!options.Value.IsLocal)
        {
            return AuthApi.NoAccounts("Accounts");
        }
        var rows = await users.Users.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(rows.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).Select(u => From(u, now)).ToList());
    }

    private static UserDto From(AppUser user, DateTimeOffset now) =>
        new(user.Id, user.Email ?? user.UserName ?? user.Id, UserRoles.Normalize(user.Role) ?? UserRoles.Viewer, user.CreatedAt, user.LockoutEnd is { } end && end > now);
}
