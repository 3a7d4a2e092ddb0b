using FanClub.Web.Benchmarking;
using FanClub.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// The server version is pinned rather than detected, so that neither start-up nor dotnet-ef
    /// needs a reachable server; FanClub targets MariaDB 10.11.
    /// </summary>
    public static readonly MariaDbServerVersion ServerVersion = new(new Version(10, 11));

    public const string MigrationsAssembly = "FanClub.Migrations";

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

        services.AddSingleton<EntitlementChangeInterceptor>();
        services.AddSingleton<QueryCounter>();
        services.AddScoped<EntitlementReader>();
        services.AddDbContextPool<FanClubDbContext>((provider, options) =>
        {
            ConfigureMariaDb(options, connectionString);
            options.AddInterceptors(provider.GetRequiredService<EntitlementChangeInterceptor>(), provider.GetRequiredService<QueryCounter>());
        });
        return services;
    }
}
