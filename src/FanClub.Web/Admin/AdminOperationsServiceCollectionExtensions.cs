using FanClub.Web.Admin.Dashboard;
using FanClub.Web.Admin.Partners;
using FanClub.Web.Admin.Reconciliation;
using FanClub.Web.Admin.Tiers;

namespace FanClub.Web.Admin;

public static class AdminOperationsServiceCollectionExtensions
{
    /// <summary>The admin console's dashboard, tiers, partners and reconciliation use cases.</summary>
    public static IServiceCollection AddAdminOperations(this IServiceCollection services)
    {
        services.AddScoped<DashboardQuery>();
        services.AddScoped<TierAdmin>();
        services.AddScoped<PartnerAdmin>();
        services.AddScoped<ReconciliationAdmin>();
        return services;
    }
}
