using FanClub.Billing.Checkout;
using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Reconciliation;
using FanClub.Billing.Subscriptions;
using FanClub.Billing.Webhooks;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace FanClub.Billing;

public static class BillingServiceCollectionExtensions
{
    /// <summary>
    /// Registers billing: Stripe and billing settings (validated at start-up), the Stripe client,
    /// the use cases, the webhook processor and the reconciliation job. The host supplies
    /// <see cref="Persistence.IBillingStore"/> and the notice sender.
    /// </summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidator<StripeOptions>, StripeOptionsValidator>();
        services.AddSingleton<IValidateOptions<StripeOptions>, FluentOptionsValidation<StripeOptions>>();
        services.AddOptions<StripeOptions>()
            .Bind(configuration.GetSection(StripeOptions.Section))
            .ValidateOnStart();
        services.AddOptions<BillingOptions>()
            .Bind(configuration.GetSection(BillingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            // Bounded: a slow Stripe must not hold a member's request (or a webhook) for minutes.
            // Stripe.net retries network failures itself, re-sending the same idempotency key.
            var http = new SystemNetHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(15) }, maxNetworkRetries: 2);
            var clientOptions = new StripeClientOptions { ApiKey = options.SecretKey ?? "sk_test_payments_disabled", HttpClient = http };
            if (options.ApiBase is not null)
            {
                clientOptions.ApiBase = options.ApiBase.ToString().TrimEnd('/');
            }

            return new StripeClient(clientOptions);
        });
        services.AddSingleton<StripeGateway>();
        services.AddScoped<SubscriptionSync>();
        services.AddScoped<InvoiceSync>();
        services.AddScoped<ChargeReversal>();
        services.AddScoped<CheckoutCompletion>();
        services.AddScoped<WebhookProcessor>();
        services.AddScoped<StartCheckout>();
        services.AddScoped<ManageSubscription>();
        services.AddScoped<PriceMigration>();
        services.AddScoped<Reconciler>();
        services.AddScoped<Domain.Members.IMemberAccountClosing, CancelOnAccountClosing>();
        services.AddHostedService<ReconciliationService>();
        return services;
    }

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStripeWebhook();
        return endpoints;
    }
}
