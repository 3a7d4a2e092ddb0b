using FanClub.Web.Admin.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// The admin console: its policy (applied to every page under Pages/Admin by AddFanClubWeb),
    /// shorter admin sessions, the audit log.
    /// </summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddAuthorization(AdminAuthorization.AddAdminPolicy);
        services.AddSingleton<IAuthorizationHandler, TwoFactorSignInRequirement>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AdminAuthorizationResultHandler>();

        // After AddAccounts: wraps the events Identity and Accounts set rather than replacing them.
        services.ConfigureApplicationCookie(options =>
        {
            var signingIn = options.Events.OnSigningIn;
            options.Events.OnSigningIn = async context =>
            {
                await AdminSession.OnSigningIn(context);
                await signingIn(context);
            };
            var validate = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                // The stamp validator acts once per ValidationInterval, but resolving it builds a
                // SignInManager and rents a DbContext: on every request, a fifth of the members page.
                // Ask it only when it is due, by its own rule and clock.
                var stamps = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
                var stampNow = (stamps.TimeProvider ?? TimeProvider.System).GetUtcNow();
                if (context.Properties.IssuedUtc is not { } issued || stampNow - issued > stamps.ValidationInterval)
                {
                    await validate(context);
                }

                AdminSession.Validate(context, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
            };
        });
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = AdminSession.KeepAuthenticationClaims);

        services.AddHttpContextAccessor();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<Reauthentication>();
        services.AddScoped<Members.MemberActions>();
        services.AddScoped<Members.MemberDirectory>();
        return services;
    }
}
