using System.Security.Cryptography;
using System.Text;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CodingAgent.Web.Auth;

/// <summary>
/// The app's account of a user signed in elsewhere (an OpenID Connect provider, Kerberos): found by its login
/// (AspNetUserLogins: provider + key), made on the first sign-in, its e-mail address and role brought up to date at every one.
/// </summary>
public sealed class ExternalUsers(UserManager<AppUser> users, TimeProvider time)
{
    /// <summary>
    /// The account of login (<paramref name="provider"/>, <paramref name="key"/>) with <paramref name="email"/> and
    /// <paramref name="role"/>; null when it is locked out (an administrator disabled it). Throws when the store refuses
    /// (for one, an e-mail address another account already has: accounts are never joined by address).
    /// </summary>
    public async Task<CurrentUser?> SignInAsync(string provider, string key, string displayName, string? email, string role, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByLoginAsync(provider, key);
        var address = AddressOf(provider, key, displayName, email);
        if (user is null)
        {
            user = new AppUser { UserName = UserNameOf(provider, key), Email = address, EmailConfirmed = email is not null, Role = role, CreatedAt = time.GetUtcNow() };
            Require(await users.CreateAsync(user), "create the account");
            Require(await users.AddLoginAsync(user, new UserLoginInfo(provider, key, displayName)), "link the sign-in to the account");
        }
        else
        {
            if (await users.IsLockedOutAsync(user))
            {
                return null;
            }
            if (!string.Equals(user.Email, address, StringComparison.Ordinal) || user.Role != role)
            {
                user.Email = address;
                user.EmailConfirmed = email is not null;
                user.Role = role;
                Require(await users.UpdateAsync(user), "update the account");
            }
        }
        return new CurrentUser(user.Id, email ?? displayName, role);
    }

    /// <summary>
    /// The address the account keeps: the provider's, else a Kerberos principal (<c>alice@CORP.EXAMPLE</c> has an
    /// address's shape), else, when the accounts need a unique address (mode Local's rules), one under the reserved
    /// <c>.invalid</c> domain that no mail ever reaches.
    /// </summary>
    private string? AddressOf(string provider, string key, string displayName, string? email) =>
        email
        ?? (Addresses.IsValid(displayName) ? displayName : null)
        ?? (users.Options.User.RequireUniqueEmail ? UserNameOf(provider, key) + "@users.invalid" : null);

    private static readonly System.ComponentModel.DataAnnotations.EmailAddressAttribute Addresses = new();

    /// <summary>A user name that is unique per login and made only of the characters Identity allows by default.</summary>
    private static string UserNameOf(string provider, string key) =>
        "ext-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(provider + "\n" + key)))[..32];

    private static void Require(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
