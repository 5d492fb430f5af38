using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// (added) The accounts of <c>Auth:Mode</c> Local, for administrators (docs/api.md, Accounts): <c>POST /api/users</c>,
/// <c>GET /api/users</c>, <c>PATCH /api/users/{id}</c> (role, lock) and <c>DELETE /api/users/{id}</c>. An administrator
/// cannot demote, lock or delete their own account, so there is always one administrator left who can sign in.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("accounts").RequireAuthorization(AuthPolicies.Admin);
        users.MapPost("", Create);
        users.MapGet("", List);
        users.MapPatch("/{id}", Update);
        users.MapDelete("/{id}", Delete);
        return app;
    }

    private static async Task<Results<Created<UserDto>, ProblemHttpResult>> Create(
        CreateUserRequest? request, HttpContext http, IOptions<AuthOptions> options, UserManager<AppUser> users, IAuditLog audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!options.Value.IsLocal)
        {
            return AuthApi.NoPasswords(options.Value, "Accounts with a password");
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
        if (options.Value.IsNone)
        {
            return AuthApi.NoAccounts("Accounts");
        }
        var rows = await users.Users.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(rows.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).Select(u => From(u, now)).ToList());
    }

    private static async Task<Results<Ok<UserDto>, ProblemHttpResult>> Update(
        string id, UpdateUserRequest? request, HttpContext http, IOptions<AuthOptions> options, UserManager<AppUser> users, IAuditLog audit, TimeProvider time,
        IClusterBus bus, ILogger<AccountSignalHandler> logger, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return AuthApi.NoAccounts("Accounts");
        }
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return UserNotFound();
        }
        string? role = null;
        if (request?.Role is not null && (role = UserRoles.Normalize(request.Role)) is null)
        {
            return AuthApi.Problem(400, "Invalid role", $"role must be one of {string.Join(", ", UserRoles.All)}.");
        }
        var admin = http.User.RequireCurrentUser();
        if (user.Id == admin.Id && ((role is not null && role != UserRoles.Admin) || request?.Locked == true))
        {
            return AuthApi.Problem(409, "Own account", "You cannot demote or lock your own account; ask another administrator.");
        }
        var changes = new List<string>();
        if (role is not null && role != user.Role)
        {
            user.Role = role;
            Check(await users.UpdateAsync(user));
            changes.Add("role " + role);
            // the account's open pages on every instance take the new role at once
            await AccountSignalHandler.PublishAsync(bus, user.Id, logger, cancellationToken);
        }
        if (request?.Locked is { } locked)
        {
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
            if (!locked)
            {
                Check(await users.ResetAccessFailedCountAsync(user));
            }
            changes.Add(locked ? "locked" : "unlocked");
            if (locked)
            {
                await AccountSignalHandler.PublishAsync(bus, user.Id, logger, cancellationToken);
            }
        }
        if (changes.Count > 0)
        {
            await audit.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), admin.Name, AuditActions.UserChanged, null, $"{user.Email}: {string.Join(", ", changes)}"), cancellationToken);
        }
        return TypedResults.Ok(From(user, time.GetUtcNow()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, HttpContext http, IOptions<AuthOptions> options, UserManager<AppUser> users, IAuditLog audit, TimeProvider time,
        IClusterBus bus, ILogger<AccountSignalHandler> logger, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return AuthApi.NoAccounts("Accounts");
        }
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return UserNotFound();
        }
        var admin = http.User.RequireCurrentUser();
        if (user.Id == admin.Id)
        {
            return AuthApi.Problem(409, "Own account", "You cannot delete your own account; ask another administrator.");
        }
        await audit.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), admin.Name, AuditActions.UserDeleted, null, user.Email ?? user.Id), cancellationToken);
        Check(await users.DeleteAsync(user));
        await AccountSignalHandler.PublishAsync(bus, user.Id, logger, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult UserNotFound() => AuthApi.Problem(404, "User not found", "There is no account with this id.");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static UserDto From(AppUser user, DateTimeOffset now) =>
        new(user.Id, user.Email ?? user.UserName ?? user.Id, UserRoles.Normalize(user.Role) ?? UserRoles.Viewer, user.CreatedAt, user.LockoutEnd is { } end && end > now);
}
