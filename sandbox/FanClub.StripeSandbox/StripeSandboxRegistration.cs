using FanClub.StripeSandbox.Checkout;
using FanClub.StripeSandbox.Customers;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.Invoices;
using FanClub.StripeSandbox.Operations;
using FanClub.StripeSandbox.Payments;
using FanClub.StripeSandbox.Portal;
using FanClub.StripeSandbox.Prices;
using FanClub.StripeSandbox.Products;
using FanClub.StripeSandbox.Refunds;
using FanClub.StripeSandbox.Store;
using FanClub.StripeSandbox.Subscriptions;
using FanClub.StripeSandbox.TestClocks;
using FanClub.StripeSandbox.Webhooks;
using Microsoft.Extensions.Options;

namespace FanClub.StripeSandbox;

/// <summary>Registration of the sandbox's services and routes, shared by Program and <see cref="StripeSandboxHost"/>.</summary>
internal static class StripeSandboxRegistration
{
    public static IServiceCollection AddStripeSandbox(this IServiceCollection services, StripeSandboxOptions options, SandboxFaults faults)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("Sandbox", typeof(StripeSandboxOptions), errors);
        }

        services.AddSingleton(options);
        services.AddSingleton(faults);
        services.AddSingleton(_ =>
        {
            var clock = new SandboxClock(options.TimeProvider);
            if (options.InitialTime is { } start)
            {
                clock.StartAt(start);
            }

            return clock;
        });
        services.AddSingleton<SandboxStore>();
        services.AddSingleton<SandboxUrls>();
        services.AddHttpContextAccessor();

        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<WebhookDeliveryLog>();
        services.AddSingleton<EventPublisher>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName);
        services.AddHostedService<WebhookDispatcher>();

        services.AddSingleton<PaymentProcessor>();
        services.AddSingleton<InvoiceService>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<CheckoutFlow>();
        services.AddSingleton<ClockAdvancer>();
        services.AddHostedService<ClockTicker>();
        return services;
    }

    public static WebApplication MapStripeSandbox(this WebApplication app)
    {
        // The store is built eagerly so a saved state (and its clock offset) is loaded at start, not on the first call.
        app.Services.GetRequiredService<SandboxStore>();

        // Stripe.net appends "/v1/..." to ApiBase as given, so a base ending in "/" sends "//v1/...":
        // accept it rather than answer a puzzling 404. Routing runs after this rewrite.
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value is { } path && path.StartsWith("//", StringComparison.Ordinal))
            {
                context.Request.Path = new PathString("/" + path.TrimStart('/'));
            }

            return next(context);
        });
        app.UseRouting();
        app.UseMiddleware<ApiGatewayMiddleware>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal), v1 => v1.UseMiddleware<IdempotencyMiddleware>());

        var api = app.MapGroup("/v1");
        api.MapCustomers();
        api.MapProducts();
        api.MapPrices();
        api.MapCheckout();
        api.MapSubscriptions();
        api.MapInvoices();
        api.MapCharges();
        api.MapRefunds();
        api.MapPortal();
        api.MapTestClocks();
        api.MapEvents();
        api.Map("/{**rest}", (HttpRequest request) => Task.FromException(StripeApiException.UnknownUrl(request.Method, request.Path)));

        app.MapCheckoutPages();
        app.MapInvoicePages();
        app.MapPortalPages();

        var sandbox = app.MapGroup("/sandbox");
        sandbox.MapSandboxOperations();
        sandbox.MapSandboxClock();
        sandbox.MapDeliveryLog();
        sandbox.MapDisputeHelper();
        return app;
    }
}
