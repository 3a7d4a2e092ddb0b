using System.Net;
using Stripe;
using Stripe.Checkout;

namespace FanClub.StripeSandbox.Tests.Support;

/// <summary>
/// One sandbox per test (its clock is global, so tests must not share it), a webhook receiver,
/// a Stripe.net client pointed at the sandbox, and a browser-like HttpClient for hosted pages.
/// </summary>
public sealed class Sandbox : IAsyncDisposable
{
    public const string Secret = "whsec_test_sandbox_secret";
    public const string ApiKey = "sk_test_sandbox";

    public const string CardSucceeds = "4242424242424242";
    public const string CardFailsAfterFirstCharge = "4000000000000341";
    public const string CardNeedsAuthentication = "4000002500003155";
    public const string CardDeclined = "4000000000000002";

    private Sandbox(StripeSandboxHost host, WebhookReceiver webhooks, StripeClient stripe, HttpClient browser)
    {
        Host = host;
        Webhooks = webhooks;
        Stripe = stripe;
        Browser = browser;
    }

    public StripeSandboxHost Host { get; }

    public WebhookReceiver Webhooks { get; }

    public StripeClient Stripe { get; }

    /// <summary>Follows no redirects, so a test sees the 303 to success_url itself.</summary>
    public HttpClient Browser { get; }

    public static async Task<Sandbox> StartAsync(Action<StripeSandboxOptions>? configure = null, int maxNetworkRetries = 2)
    {
        var webhooks = await WebhookReceiver.StartAsync(Secret);
        var options = new StripeSandboxOptions
        {
            WebhookEndpoints = [webhooks.Endpoint],
            WebhookSecret = Secret,
            WebhookRetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)],
        };
        configure?.Invoke(options);
        var host = await StripeSandboxHost.StartAsync(options);
        var stripe = new StripeClient(new StripeClientOptions
        {
            ApiKey = ApiKey,
            ApiBase = host.ApiBase,
            HttpClient = new SystemNetHttpClient(httpClient: null, maxNetworkRetries: maxNetworkRetries),
        });
#pragma warning disable CA2000 // The handler is owned and disposed by the HttpClient.
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
#pragma warning restore CA2000
        return new Sandbox(host, webhooks, stripe, browser);
    }

    public async Task<Price> CreateMonthlyPriceAsync(long unitAmount = 999, string name = "Gold membership")
    {
        var product = await Stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = name });
        return await Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = unitAmount,
            Currency = "eur",
            Recurring = new PriceRecurringOptions { Interval = "month" },
        });
    }

    public Task<Customer> CreateCustomerAsync(string email = "fan@example.com") =>
        Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = email, Metadata = new() { ["member_id"] = "42" } });

    public Task<Session> CreateSubscriptionCheckoutAsync(string customerId, string priceId, long? trialDays = null) =>
        Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            LineItems = [new SessionLineItemOptions { Price = priceId, Quantity = 1 }],
            SuccessUrl = "https://fanclub.test/welcome?session={CHECKOUT_SESSION_ID}",
            CancelUrl = "https://fanclub.test/join",
            ClientReferenceId = "member-42",
            Metadata = new() { ["member_id"] = "42" },
            SubscriptionData = new SessionSubscriptionDataOptions { TrialPeriodDays = trialDays, Metadata = new() { ["tier"] = "gold" } },
        });

    /// <summary>Submits the hosted checkout form the way a browser would.</summary>
    public Task<HttpResponseMessage> PayAsync(Session session, string cardNumber) =>
        PostFormAsync($"{session.Url}/pay", new() { ["card_number"] = cardNumber });

    public Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields)
    {
#pragma warning disable CA2000 // Disposed by the request it is sent with.
        return Browser.PostAsync(new Uri(url), new FormUrlEncodedContent(fields));
#pragma warning restore CA2000
    }

    /// <summary>Customer, price, checkout paid with <paramref name="card"/>: the subscription it created.</summary>
    public async Task<Subscription> SubscribeAsync(string card = CardSucceeds, long? trialDays = null, long unitAmount = 999)
    {
        var price = await CreateMonthlyPriceAsync(unitAmount);
        var customer = await CreateCustomerAsync();
        var session = await CreateSubscriptionCheckoutAsync(customer.Id, price.Id, trialDays);
        using var paid = await PayAsync(session, card);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        var completed = await Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        return await Stripe.V1.Subscriptions.GetAsync(completed.SubscriptionId);
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Host.DisposeAsync();
        await Webhooks.DisposeAsync();
    }
}
