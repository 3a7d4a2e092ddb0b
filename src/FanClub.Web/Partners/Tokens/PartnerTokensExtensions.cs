using FanClub.Billing.Configuration;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Partners.Tokens;

public static class PartnerTokensExtensions
{
    /// <summary>The path of the JWKS document.</summary>
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>
    /// Registers the partner token formats: <c>Partners:Tokens</c> settings (validated at start-up),
    /// <see cref="NginxSecureLink"/>, <see cref="AkamaiEdgeAuth"/>, and the JWT key ring
    /// (<see cref="IJwtKeyStore"/> on files, <see cref="JwtKeyRing"/>, <see cref="JwtIssuer"/>).
    /// Resolving an edge signer whose secret is not configured throws, naming the setting.
    /// </summary>
    public static IServiceCollection AddPartnerTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidator<PartnerTokenOptions>, PartnerTokenOptionsValidator>();
        services.AddSingleton<IValidateOptions<PartnerTokenOptions>, FluentOptionsValidation<PartnerTokenOptions>>();
        services.AddOptions<PartnerTokenOptions>()
            .Bind(configuration.GetSection(PartnerTokenOptions.Section))
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp =>
        {
            var options = Options(sp);
            return new NginxSecureLink(
                options.NginxSecret ?? throw NotConfigured(nameof(PartnerTokenOptions.NginxSecret)),
                options.StreamTokenLifetime,
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp =>
        {
            var options = Options(sp);
            return new AkamaiEdgeAuth(
                options.AkamaiKey ?? throw NotConfigured(nameof(PartnerTokenOptions.AkamaiKey)),
                options.StreamTokenLifetime,
                sp.GetRequiredService<TimeProvider>(),
                options.AkamaiEscapeEarly);
        });

        services.TryAddSingleton<IJwtKeyStore>(sp => new FileJwtKeyStore(
            Path.GetFullPath(Options(sp).JwtKeyFolder, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
        services.AddSingleton(sp => new JwtKeyRing(
            sp.GetRequiredService<IJwtKeyStore>(), Options(sp).JwtLifetime, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new JwtIssuer(
            sp.GetRequiredService<JwtKeyRing>(), Options(sp).Issuer, Options(sp).JwtLifetime, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PartnerJwtValidators>();
        return services;
    }

    /// <summary>
    /// Maps <c>GET /.well-known/jwks.json</c>: the public keys partners verify FanClub JWTs with,
    /// cacheable for <see cref="JwtKeyRing.JwksCacheDuration"/> (a new key is published that long before it signs).
    /// </summary>
    public static IEndpointConventionBuilder MapJwks(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(JwksPath, (JwtKeyRing keys, HttpContext context) =>
            {
                context.Response.Headers.CacheControl = $"public, max-age={(int)JwtKeyRing.JwksCacheDuration.TotalSeconds}";
                return TypedResults.Text(keys.Jwks.ToJson(), "application/json");
            })
            .WithName("Jwks")
            .AllowAnonymous();

    private static PartnerTokenOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<PartnerTokenOptions>>().Value;

    private static InvalidOperationException NotConfigured(string setting) =>
        new($"{PartnerTokenOptions.Section}:{setting} is not set; the partner that needs it cannot be served.");
}
