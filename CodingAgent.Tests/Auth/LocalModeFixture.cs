using System.Net.Http.Headers;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth;

/// <summary>The real app in <c>Auth:Mode</c> Local; users and tokens are made through the app's own services.</summary>
public class LocalModeFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Auth:Mode"] = "Local" };

    /// <summary>Makes an account with <paramref name="role"/> and returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string role = UserRoles.Analyst, string password = "Correct-horse-9")
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, Role = role, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return user.Id;
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (no cookies).</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<IssuedToken> IssueTokenAsync(string userId, string kind = ApiTokenKinds.Personal) =>
        Factory.Services.GetRequiredService<ApiTokens>().IssueAsync(userId, kind, "test", TimeSpan.FromDays(1), CancellationToken.None);

    public Task<bool> RevokeTokenAsync(string userId, Guid tokenId) =>
        Factory.Services.GetRequiredService<ApiTokens>().RevokeAsync(userId, tokenId, CancellationToken.None);
}
