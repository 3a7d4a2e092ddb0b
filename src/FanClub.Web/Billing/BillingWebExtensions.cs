using FanClub.Billing.Persistence;

namespace FanClub.Web.Billing;

public static class BillingWebExtensions
{
    /// <summary>The host's side of billing: its store on MariaDB, the e-mail dispatcher, the member's billing view.</summary>
    public static IServiceCollection AddBillingHost(this IServiceCollection services)
    {
        services.AddSingleton<BillingMetrics>();
        services.AddScoped<IBillingStore, EfBillingStore>();
        services.AddScoped<NoticeDispatcher>();
        services.AddHostedService<NoticeDispatchService>();
        services.AddScoped<MemberBilling>();
        return services;
    }
}
