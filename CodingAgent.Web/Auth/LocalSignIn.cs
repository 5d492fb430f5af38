using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CodingAgent.Web.Auth;

/// <summary>
/// Checks an e-mail address and password of <c>Auth:Mode</c> Local, counting failures towards the lockout. An unknown
/// address, a wrong password and a locked account all end the same way, and an unknown address still verifies a
/// password hash, so neither the answer nor its time tells whether an account exists. Every attempt is audited.
/// </summary>
public sealed class LocalSignIn(UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, IAuditLog audit, TimeProvider time, ILogger<LocalSignIn> logger)
{
    /// <summary>What every failed sign-in answers.</summary>
    public const string FailureMessage = "The e-mail address or password is wrong, or the account is locked for a while.";

    /// <summary>The longest e-mail address or password looked at; longer ones fail without a lookup.</summary>
    public const int MaxInputLength = 256;

    private static readonly Lock DummyLock = new();
    private static string? _dummyHash;

    /// <summary>The signed-in user, or null when the sign-in failed (for whatever reason).</summary>
    public async Task<CurrentUser?> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var typed = email.Trim();
        var user = typed.Length is > 0 and <= MaxInputLength && password.Length <= MaxInputLength ? await users.FindByEmailAsync(typed) : null;
        if (user is null)
        {
            // the same work as a wrong password, so the time does not tell that the account does not exist
            hasher.VerifyHashedPassword(new AppUser(), DummyHash(), password);
            await RecordFailureAsync(typed, cancellationToken);
            return null;
        }
        if (await users.IsLockedOutAsync(user))
        {
            hasher.VerifyHashedPassword(user, DummyHash(), password);
            await RecordFailureAsync(typed, cancellationToken);
            return null;
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            await RecordFailureAsync(typed, cancellationToken);
            return null;
        }
        await users.ResetAccessFailedCountAsync(user);
        var current = new CurrentUser(user.Id, user.Email ?? typed, UserRoles.Normalize(user.Role) ?? UserRoles.Viewer);
        await audit.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), current.Name, AuditActions.SignIn, null, ""), cancellationToken);
        return current;
    }

    private string DummyHash()
    {
        lock (DummyLock)
        {
            return _dummyHash ??= hasher.HashPassword(new AppUser(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        }
    }

    /// <summary>Best effort: an audit store that fails is logged, and the sign-in still fails with the same answer.</summary>
    private Task RecordFailureAsync(string email, CancellationToken cancellationToken) =>
        audit.AppendBestEffortAsync(AuditEntry.Create(time.GetUtcNow(), AuditUsers.Anonymous, AuditActions.SignInFailed, null, Bounded(email)), logger, cancellationToken);

    private static string Bounded(string email) => email.Length > MaxInputLength ? email[..MaxInputLength] : email;
}
