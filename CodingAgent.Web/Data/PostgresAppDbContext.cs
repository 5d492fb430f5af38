using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>
/// The model on PostgreSQL; migrations in Data/Migrations/Postgres. DateTimeOffset maps to <c>timestamptz</c>, which
/// Npgsql writes only with offset 0: every time the app stores comes from <see cref="TimeProvider.GetUtcNow"/>.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
