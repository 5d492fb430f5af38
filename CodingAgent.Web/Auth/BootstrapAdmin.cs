using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// On start in <c>Auth:Mode</c> Local, once every hosted service started (so the database is migrated):
/// when no administrator exists, makes the one <c>Auth:BootstrapAdmin</c> names, or warns how to name one.
/// </summary>
internal sealed partial class BootstrapAdmin(
    IServiceScopeFactory scopes, IOptions<AuthOptions> auth, IOptions<BootstrapAdminOptions> options, IAuditLog audit, TimeProvider time, ILogger<BootstrapAdmin> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After <see cref="Extensions.DatabaseInitializer"/> (a hosted service registered later, whose start migrates).</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!auth.Value.IsLocal)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.Users.AnyAsync(u => u.Role == UserRoles.Admin, cancellationToken))
        {
            return;
        }
        var settings = options.Value;
        if (!settings.IsSet)
        {
            LogNoAdministrator(logger);
            return;
        }
        var email = settings.Email!.Trim();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // the account exists with another role: it is not silently promoted (its password may be someone else's)
            LogAccountExists(logger, email);
            return;
        }
        var user = new AppUser { UserName = email, Email = email, Role = UserRoles.Admin, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, settings.Password!);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(
                $"Auth:BootstrapAdmin could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }
        await audit.AppendAsync(AuditEntry.Create(time.GetUtcNow(), email, AuditActions.UserCreated, null, $"{email} ({UserRoles.Admin}, from Auth:BootstrapAdmin)"), cancellationToken);
        LogCreated(logger, email);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Auth:BootstrapAdmin: made the administrator {Email}; change its password once signed in, and remove Auth:BootstrapAdmin:Password from the settings")]
    private static partial void LogCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:Mode is Local and no administrator exists, so nobody can make accounts. Set Auth:BootstrapAdmin:Email and Auth:BootstrapAdmin:Password (e.g. the environment variables Auth__BootstrapAdmin__Email and Auth__BootstrapAdmin__Password) and restart: the app makes that administrator at start")]
    private static partial void LogNoAdministrator(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:BootstrapAdmin:Email {Email} is an existing account that is not an administrator; no administrator was made. Name another address, or make the account an administrator in the database")]
    private static partial void LogAccountExists(ILogger logger, string email);
}
