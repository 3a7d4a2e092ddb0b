using FanClub.Billing.Reconciliation;
using FanClub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Stripe;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// A host of its own for billing, on a database of its own, with payments switched on and Stripe.net
/// pointed at whichever in-process sandbox the running test started. Billing tests share it and run
/// one at a time; each starts a fresh sandbox, because a sandbox's clock is global.
/// </summary>
public class BillingFixture : IAsyncLifetime
{
    public const string ApiKey = "sk_test_fanclub_billing";
    public const string WebhookSecret = "whsec_fanclub_billing_tests";

    private TestDatabase? _database;
    private FanClubWebFactory? _factory;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Fixture not started.");

    public FanClubWebFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>Where the app's Stripe calls go: set by each test to its own sandbox.</summary>
    public SandboxRouter Router { get; } = new();

    public virtual async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _factory = CreateHost(_database, Router, ApiKey, new Uri("http://127.0.0.1:9/"));
        ConfigureHost(_factory);
        _ = _factory.Server;
    }

    /// <summary>Settings a derived fixture adds before the host starts.</summary>
    protected virtual void ConfigureHost(FanClubWebFactory factory)
    {
    }

    /// <summary>The billing tests' database, on the shared test server.</summary>
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync("billing");

    /// <summary>
    /// The app with payments on. The API base is a loopback placeholder (sandbox mode, so events must
    /// say livemode=false); the router sends each call to the current test's sandbox. Reconciliation
    /// runs only when a test calls it, so no timer repairs what the webhooks were meant to do.
    /// </summary>
    public static FanClubWebFactory CreateHost(TestDatabase database, SandboxRouter router, string apiKey, Uri apiBase)
    {
        var factory = new FanClubWebFactory(database)
        {
            ConfigureServices = services =>
            {
                foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ReconciliationService)).ToList())
                {
                    services.Remove(hosted);
                }

                services.AddSingleton(_ => new StripeClient(new StripeClientOptions
                {
                    ApiKey = apiKey,
                    ApiBase = apiBase.GetLeftPart(UriPartial.Authority),
#pragma warning disable CA2000 // The StripeClient singleton owns it for the life of the host.
                    HttpClient = new SystemNetHttpClient(new HttpClient(router.CreateHandler()) { Timeout = TimeSpan.FromSeconds(15) }, maxNetworkRetries: 2),
#pragma warning restore CA2000
                }));
            },
        };
        factory.Settings["Stripe:SecretKey"] = apiKey;
        factory.Settings["Stripe:WebhookSecret"] = WebhookSecret;
        factory.Settings["Stripe:ApiBase"] = apiBase.ToString();
        return factory;
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BillingTestGroup : ICollectionFixture<BillingFixture>
{
    public const string Name = "billing";
}

/// <summary>Sends every request to the sandbox the current test runs, whatever host the client was built with.</summary>
public sealed class SandboxRouter
{
    private Uri? _target;

    public Uri? Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    public HttpMessageHandler CreateHandler() => new Rewriter(this) { InnerHandler = new SocketsHttpHandler() };

    private sealed class Rewriter(SandboxRouter router) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = router.Target ?? throw new InvalidOperationException("No sandbox is running for this test.");
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
