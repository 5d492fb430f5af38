using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>The test provider's OpenIddict store (clients, authorizations, tokens) in EF Core's in-memory database.</summary>
public sealed class TestOidcProviderDbContext(DbContextOptions<TestOidcProviderDbContext> options) : DbContext(options);
