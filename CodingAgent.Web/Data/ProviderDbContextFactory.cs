using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>Hands out the configured provider's context as the <see cref="AppDbContext"/> that the stores use.</summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> contexts) : IDbContextFactory<AppDbContext>
    where TContext : AppDbContext
{
    public AppDbContext CreateDbContext() => contexts.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await contexts.CreateDbContextAsync(cancellationToken);
}
