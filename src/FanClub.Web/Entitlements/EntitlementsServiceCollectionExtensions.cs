using FanClub.Domain.Partners;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FanClub.Web.Entitlements;

public static class EntitlementsServiceCollectionExtensions
{
    /// <summary>
    /// Who may use what, answered from memory: the cache, the query that fills it, the interceptor
    /// that records changes and forgets at commit, and the change feed that warms it and follows
    /// changes made elsewhere (readiness waits for the warm-up). A cluster replaces
    /// <see cref="IEntitlementInvalidationBus"/> to tell the other nodes at once.
    /// </summary>
    public static IServiceCollection AddEntitlements(this IServiceCollection services)
    {
        services.AddSingleton<EntitlementCache>();
        services.AddSingleton<CachedEntitlementQuery>();
        services.AddSingleton<IEntitlementQuery>(sp => sp.GetRequiredService<CachedEntitlementQuery>());
        services.AddScoped<EntitlementReader>();
        services.TryAddSingleton<IEntitlementInvalidationBus, NoOtherNodes>();
        services.AddSingleton<EntitlementChangeInterceptor>();
        services.AddSingleton<EntitlementCacheState>();
        services.AddHostedService<EntitlementChangeFeed>();
        services.AddHealthChecks().AddCheck<EntitlementCacheState>("entitlement-cache", tags: [Health.HealthExtensions.Ready]);
        return services;
    }
}
