using FanClub.Billing.Configuration;
using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Billing;

public static class BillingServiceCollectionExtensions
{
    /// <summary>Registers billing: Stripe settings, validated when the host starts.</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidator<StripeOptions>, StripeOptionsValidator>();
        services.AddSingleton<IValidateOptions<StripeOptions>, FluentOptionsValidation<StripeOptions>>();
        services.AddOptions<StripeOptions>()
            .Bind(configuration.GetSection(StripeOptions.Section))
            .ValidateOnStart();
        return services;
    }
}
