using System.Reflection;
using FanClub.Domain.Partners;
using FanClub.Web.Chat;
using FanClub.Web.Partners.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace FanClub.Web.Partners;

public static class PartnersServiceCollectionExtensions
{
    /// <summary>
    /// Loads the partner modules named in <c>Partners:Modules</c> (from the FanClub.Modules.*
    /// assemblies shipped with the host), lets each register itself, and sets up the partner API.
    /// An unknown module name stops start-up with a message naming it.
    /// </summary>
    public static IServiceCollection AddPartners(this IServiceCollection services, IConfiguration configuration)
    {
        // Layered settings can name a module twice (an array index overridden by another source): once is enough.
        var wanted = (configuration.GetSection("Partners:Modules").Get<string[]>() ?? []).Distinct(StringComparer.Ordinal).ToList();
        var available = DiscoverModules().ToDictionary(m => m.Manifest.Id, StringComparer.Ordinal);
        foreach (var id in wanted)
        {
            if (!available.TryGetValue(id, out var module))
            {
                throw new InvalidOperationException(
                    $"Partners:Modules names '{id}', but no such module ships with this build (available: {string.Join(", ", available.Keys.DefaultIfEmpty("none"))}).");
            }

            module.Register(new Registrar(services, configuration.GetSection($"Partners:{id}")));
            services.AddSingleton(module);
        }

        services.AddPartnerTokens(configuration);
        services.AddSingleton<PartnerKeyCache>();
        services.AddChatHost();
        services.AddSingleton<PartnerCatalog>();
        services.AddScoped<EntitlementNoticeDispatcher>();
        services.AddScoped<PartnerOnboarding>();
        services.AddScoped<PartnerWebhookSender>();
        services.AddHttpClient(PartnerWebhookSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<PartnerNotificationService>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PartnerApiKeyAuthentication>(PartnerApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PartnerApiKeyAuthentication.SchemeName, policy => policy
                .AddAuthenticationSchemes(PartnerApiKeyAuthentication.SchemeName)
                .RequireClaim(PartnerApiKeyAuthentication.PartnerIdClaim));
        services.AddOpenApi(PartnerApi.DocumentName, options => options.ShouldInclude = d => d.GroupName == PartnerApi.DocumentName);
        return services;
    }

    public static IEndpointRouteBuilder MapPartners(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPartnerApi();
        endpoints.MapMemberTokens();
        endpoints.MapJwks();
        endpoints.MapChat();
        endpoints.MapOpenApi("/api/partners/{documentName}/openapi.json");
        return endpoints;
    }

    private static IEnumerable<IPartnerModule> DiscoverModules()
    {
        var folder = AppContext.BaseDirectory;
        foreach (var file in Directory.EnumerateFiles(folder, "FanClub.Modules.*.dll"))
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(file));
            foreach (var type in assembly.GetExportedTypes().Where(t => typeof(IPartnerModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
            {
                yield return (IPartnerModule)Activator.CreateInstance(type)!;
            }
        }
    }

    private sealed class Registrar(IServiceCollection services, IConfigurationSection section) : IPartnerRegistrar
    {
        public IReadOnlyDictionary<string, string?> Settings { get; } =
            section.AsEnumerable(makePathsRelative: true).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);

        public void AddSingleton<TService>(Func<IServiceProvider, TService> factory)
            where TService : class => services.AddSingleton(factory);

        public void AddEntitlementListener(Func<IServiceProvider, IEntitlementListener> factory) => services.AddSingleton(factory);
    }
}
