using System.Net;
using System.Net.Sockets;
using FanClub.Billing.Webhooks;
using FanClub.StripeSandbox;
using FanClub.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// The real site served by Kestrel over real HTTP on a loopback port, on its own migrated database
/// with the demo tiers, taking payments through the Stripe sandbox (which sends it real signed
/// webhooks), and one headless Chromium (Debian's, never a downloaded one) shared by every browser
/// test. Each test opens its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Arguments for running as root in a container with no network and no GPU.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    /// <summary>The signing secret the sandbox signs webhooks with and the site checks them with.</summary>
    private const string WebhookSecret = "whsec_browser_journeys";

    /// <summary>
    /// Stripe retries over minutes; a journey waits seconds. Short retries keep a delivery that
    /// failed (or that a test held past the sandbox's timeout) inside the journey's time.
    /// </summary>
    private static readonly TimeSpan[] WebhookRetryDelays =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private TestDatabase? _database;
    private StripeSandboxHost? _sandbox;
    private FanClubWebFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>The site's services, for a test to set up what no page does yet (a comp, a ban).</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>The site's Stripe: its hosted checkout page, its clock (renewals, period ends), its objects.</summary>
    public StripeSandboxHost Sandbox => _sandbox ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>Holds the sandbox's webhooks at the site's door while a test looks at what the fan sees meanwhile.</summary>
    public WebhookGate Webhooks { get; } = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("e2e");

        // Each side must know the other's address before it starts: the sandbox its webhook URL,
        // the site its Stripe API base. The sandbox always picks its own port, so the site's port
        // is chosen first, the sandbox started, then the site started on the chosen port.
        var sitePort = FreeLoopbackPort();
        _sandbox = await StripeSandboxHost.StartAsync(new StripeSandboxOptions
        {
            WebhookEndpoints = [new Uri($"http://127.0.0.1:{sitePort}{StripeWebhookEndpoint.Path}")],
            WebhookSecret = WebhookSecret,
            WebhookRetryDelays = WebhookRetryDelays,
        });

        _factory = new FanClubWebFactory(_database, "Development")
        {
            Settings =
            {
                ["Stripe:SecretKey"] = "sk_test_browser_journeys",
                ["Stripe:WebhookSecret"] = WebhookSecret,
                ["Stripe:ApiBase"] = _sandbox.ApiBase,
                // The tiers, pass offer and accounts of `./fanclub run`: the site as a visitor meets it.
                ["Demo:Seed"] = "true",
                // The demo stream, signed as nginx secure_link URLs and served by the site's local edge.
                ["Partners:Tokens:NginxSecret"] = "browser-journeys-nginx-secret-0123456789",
            },
            ConfigureServices = services =>
            {
                // A browser keeps real time for cookies; a frozen clock would only make mails tie for "newest".
                services.AddSingleton(TimeProvider.System);
                services.AddSingleton<IStartupFilter>(Webhooks);
            },
        };
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, sitePort));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Single());

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FANCLUB_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });
    }

    /// <summary>A fresh, cookie-less browser context pointed at the site, with bounded timeouts.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        // Nothing may stay parked at the gate while the site shuts down.
        Webhooks.Release();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>
    /// A loopback port nothing listens on right now. Another process could take it before the site
    /// binds it, but the kernel draws ephemeral ports from a range of thousands, so in practice none does.
    /// </summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
