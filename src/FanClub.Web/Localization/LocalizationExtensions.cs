using FanClub.Web.Infrastructure;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Localization;

public static class LocalizationExtensions
{
    public static readonly string[] Cultures = ["en", "fr"];

    public static IServiceCollection AddFanClubLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CachingStringLocalizerFactory>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Cultures[0])
                .AddSupportedCultures(Cultures)
                .AddSupportedUICultures(Cultures);
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
        });
        return services;
    }

    /// <summary>
    /// <c>GET /language/{culture}</c>: remembers the visitor's choice in the culture cookie and goes back.
    /// A plain link rather than a form, so the public pages carry no anti-forgery token and stay cacheable.
    /// </summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext context, TimeProvider clock) =>
        {
            if (!Cultures.Contains(culture, StringComparer.Ordinal))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported language",
                    detail: $"FanClub speaks {string.Join(" and ", Cultures)}.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        });
        return endpoints;
    }
}
