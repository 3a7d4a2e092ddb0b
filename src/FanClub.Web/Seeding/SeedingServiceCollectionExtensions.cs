namespace FanClub.Web.Seeding;

public static class SeedingServiceCollectionExtensions
{
    public static IServiceCollection AddSeeding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHostedService<StartupSeeder>();
        return services;
    }
}
