using CodingAgent.Core.Ports;
using CodingAgent.Web.Extensions;
using CodingAgent.Web.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Data;

public static class DataExtensions
{
    private static readonly PostgresPoolReset _poolReset = new();

    /// <summary>
    /// The session store and run events on EF Core: SQLite in the data folder (default) or PostgreSQL
    /// (<c>Database:Provider</c>, <c>ConnectionStrings:Postgres</c>), migrated by <see cref="DatabaseMigrator"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCodingAgentDatabase(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.PostgresConnectionString = configuration.GetConnectionString("Postgres"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.TryAddSingleton(sp => DataPaths.From(sp.GetRequiredService<IConfiguration>()));

        // both providers are registered; the configured one is picked when the first context is asked for
        services.AddDbContextFactory<SqliteAppDbContext>((sp, options) =>
        {
            var paths = sp.GetRequiredService<DataPaths>();
            Directory.CreateDirectory(paths.Root);
            options.UseSqlite($"Data Source={paths.Database};Pooling=True");
        });
        services.AddDbContextFactory<PostgresAppDbContext>((sp, options) =>
        {
            var settings = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseNpgsql(PostgresConnectionString.WithDefaults(settings.PostgresConnectionString!),
                    npgsql => npgsql.ExecutionStrategy(dependencies => new PostgresExecutionStrategy(dependencies)))
                .AddInterceptors(_poolReset);
        });
        services.AddSingleton<IDbContextFactory<AppDbContext>>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            DatabaseProvider.Postgres => new ProviderDbContextFactory<PostgresAppDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAppDbContext>>()),
            _ => new ProviderDbContextFactory<SqliteAppDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteAppDbContext>>()),
        });

        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<ISessionRepository, EfSessionRepository>();
        services.AddSingleton<IRunEventStore, EfRunEventStore>();
        services.AddSingleton<IDashboardRepository, EfDashboardRepository>();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<IFileProfileStore, EfFileProfileStore>();
        services.AddSingleton<IDependencyCheck, DatabaseDependencyCheck>();
        services.AddSingleton<IDependencyFailureClassifier, PostgresFailureClassifier>();
        return builder;
    }
}
