using FanClub.Billing;
using FanClub.Web.Benchmarking;
using FanClub.Web.Health;
using FanClub.Web.Localization;
using FanClub.Web.Partners;
using FanClub.Web.RateLimiting;
using FanClub.Web.Streams;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using FluentValidation;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace FanClub.Web.Hosting;

public static class WebHostingExtensions
{
    public static IServiceCollection AddFanClubWeb(this IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        services.TryAddTimeProvider();
        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddRazorPages(options =>
            {
                options.Conventions.Add(new PageRouteTransformerConvention(new KebabCaseRoutes()));
                options.Conventions.AuthorizeFolder("/Account/Manage");
                options.Conventions.AuthorizeFolder("/Members");
                options.Conventions.AuthorizeFolder("/Billing");
                // Every admin page, including ones added later, without an attribute to forget.
                options.Conventions.AuthorizeFolder("/Admin", Admin.AdminAuthorization.Policy);
                if (!environment.IsDevelopment())
                {
                    // The mail outbox page must not exist outside Development, not merely refuse.
                    options.Conventions.AddFolderRouteModelConvention("/Dev", model => model.Selectors.Clear());
                }
            })
            // FluentValidation owns required-field messages, in the visitor's language.
            .AddMvcOptions(options => options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        services.AddValidatorsFromAssemblyContaining<SharedResource>(includeInternalTypes: true);
        // French text and currency signs go out as characters, not as &#xE9; entities.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddProblemDetails();
        // First in the minimal APIs' chain; every other type still goes through reflection.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, HotPathJson.Default));
        // Behind a TLS-terminating proxy on the same host (nginx, the benchmark), the request was
        // https: Secure cookies and anti-forgery need to know. Only loopback proxies are trusted.
        services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        var sharedStore = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(Cluster.ClusterServiceCollectionExtensions.RedisConnectionName));
        services.AddOutputCache(options => PublicPageCache.AddPublicPagePolicy(options, sharedStore));
        services.AddScoped<Tiers.TierCatalog>();
        services.AddSingleton<Tiers.TierNames>();
        services.AddSingleton<StaticAssetUrls>();
        services.AddFanClubHealth();
        services.AddRequestLimits();
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    public static WebApplication UseFanClubPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
            // Before MapStaticAssets, which serves from the environment's web root.
            app.Environment.WebRootFileProvider = new MemoryWebRoot(app.Environment.WebRootFileProvider);
        }

        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        app.UseSecurityHeaders();
        app.UseRequestLocalization();
        app.UseRequestLimits();
        app.UseDatabaseOutagePage();
        app.UseRouting();
        app.UseAuthentication();
        app.UseFanClubRateLimiting();
        app.UseAuthorization();
        app.UseOutputCache();

        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapLanguageSwitch();
        app.MapBillingEndpoints();
        app.MapPartners();
        app.MapStreams();
        app.MapFanClubHealth();
        app.MapBench();
        return app;
    }
}
