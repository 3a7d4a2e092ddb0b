using FanClub.Web.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace FanClub.Web.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA512; Identity's default is 100,000.</summary>
    public const int PasswordHashIterations = 210_000;

    public const int MinimumPasswordLength = 12;

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    public static IServiceCollection AddAccounts(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddIdentity<FanClubUser, IdentityRole<Guid>>(options =>
            {
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                options.Password.RequiredLength = MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;

                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;

                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
                options.Tokens.EmailConfirmationTokenProvider = EmailConfirmationTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<FanClubDbContext>()
            .AddPasswordValidator<CommonPasswordValidator<FanClubUser>>()
            .AddClaimsPrincipalFactory<FanClubClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            // Reset and e-mail-change links expire on the injected clock, like everything else.
            .AddTokenProvider<ClockedTokenProvider<FanClubUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<EmailConfirmationTokenProvider>(EmailConfirmationTokenProvider.ProviderName);

        services.Configure<PasswordHasherOptions>(options => options.IterationCount = PasswordHashIterations);
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromHours(1));
        // A ban or a password change reaches every other session within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<ISecurityStampValidator, BanAwareSecurityStampValidator>();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "fanclub.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            // APIs and hubs answer with status codes; only pages send people to the log-in form.
            options.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        // Runs after Identity's own set-up of the cookie (which gives it its data protection): the
        // same protector and format, read by SignInTicketSerializer on every signed-in request.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure(options =>
            options.TicketDataFormat = SignInTicketSerializer.Format(options.DataProtectionProvider!, IdentityConstants.ApplicationScheme));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "fanclub.af";
            options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        services.AddScoped<AccountClosing>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<SignInLog>();
        services.AddSingleton<LoginTimingEqualizer>();
        return services;
    }
}
