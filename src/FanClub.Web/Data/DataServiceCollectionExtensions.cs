using FanClub.Web.Admin.Audit;
using FanClub.Web.Benchmarking;
using FanClub.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FanClub.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The server version is pinned rather than detected, so that neither start-up nor dotnet-ef
    /// needs a reachable server; FanClub targets MariaDB 10.11.
    /// </summary>
    public static readonly MariaDbServerVersion ServerVersion = new(new Version(10, 11));

    public const string MigrationsAssembly = "FanClub.Migrations";

    /// <summary>The connection string of a read replica; the primary's when unset.</summary>
    public const string ReadConnectionName = "FanClubRead";

    /// <summary>Service key of the context factory for lag-tolerant reads.</summary>
    public const string ReplicaReads = "replica-reads";

    public static void ConfigureMariaDb(DbContextOptionsBuilder options, string connectionString) =>
        options.UseMySql(connectionString, ServerVersion, mysql => mysql.MigrationsAssembly(MigrationsAssembly));

    public static IServiceCollection AddFanClubData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("FanClub");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:FanClub is not set (environment: ConnectionStrings__FanClub). './fanclub run' sets it for you.");
        }

        // Reads that tolerate a few seconds of lag (the tier list behind the cached home page) may go
        // to a replica. Writes, and every read that decides access, use the primary.
        var readConnectionString = configuration.GetConnectionString(ReadConnectionName);
        var readOptions = new DbContextOptionsBuilder<FanClubDbContext>()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        ConfigureMariaDb(readOptions, string.IsNullOrWhiteSpace(readConnectionString) ? connectionString : readConnectionString);
        services.AddKeyedSingleton<IDbContextFactory<FanClubDbContext>>(ReplicaReads,
            (_, _) => new PooledDbContextFactory<FanClubDbContext>(readOptions.Options));

        services.AddSingleton<AuditAppendOnlyInterceptor>();
        services.AddSingleton<QueryCounter>();
        services.AddDbContextPool<FanClubDbContext>((provider, options) =>
        {
            ConfigureMariaDb(options, connectionString);
            options.AddInterceptors(
                provider.GetRequiredService<EntitlementChangeInterceptor>(),
                provider.GetRequiredService<AuditAppendOnlyInterceptor>(),
                provider.GetRequiredService<QueryCounter>());
        });
        return services;
    }
}
