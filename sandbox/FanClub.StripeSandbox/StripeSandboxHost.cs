using System.Net;
using FanClub.StripeSandbox.Infrastructure;
using FanClub.StripeSandbox.TestClocks;
using FanClub.StripeSandbox.Webhooks;

namespace FanClub.StripeSandbox;

/// <summary>
/// The Stripe sandbox running inside the current process, for tests: Kestrel on 127.0.0.1 with
/// a free port. Point Stripe.net at it with <c>new StripeClient(new StripeClientOptions { ApiKey =
/// "sk_test_…", ApiBase = host.ApiBase })</c>.
/// </summary>
public sealed class StripeSandboxHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private StripeSandboxHost(WebApplication app, Uri baseAddress, SandboxFaults faults)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Faults = faults;
    }

    /// <summary>Where the sandbox listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The value for Stripe.net's <c>StripeClientOptions.ApiBase</c>: scheme, host and port with no
    /// trailing slash, because Stripe.net appends <c>/v1/…</c> to it as it is.
    /// </summary>
    public string ApiBase => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>Failure injection for the API; see <see cref="SandboxFaults"/>.</summary>
    public SandboxFaults Faults { get; }

    /// <summary>The sandbox's current time.</summary>
    public DateTimeOffset Now => app.Services.GetRequiredService<SandboxClock>().GetUtcNow();

    /// <summary>Every webhook delivery attempt so far, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries => app.Services.GetRequiredService<WebhookDeliveryLog>().All();

    /// <summary>Starts a sandbox. Refuses to run when ASPNETCORE_ENVIRONMENT is Production.</summary>
    public static async Task<StripeSandboxHost> StartAsync(StripeSandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.Equals(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"), Environments.Production, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The Stripe sandbox refuses to start with ASPNETCORE_ENVIRONMENT=Production.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ApplicationName = typeof(StripeSandboxHost).Assembly.GetName().Name,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var faults = new SandboxFaults();
        builder.Services.AddStripeSandbox(options, faults);

        var app = builder.Build();
        app.MapStripeSandbox();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<SandboxUrls>().BaseAddress;
        return new StripeSandboxHost(app, address, faults);
    }

    /// <summary>Moves sandbox time forward, running renewals, retries, expiries and notices that fall due on the way.</summary>
    public Task AdvanceClockAsync(TimeSpan by)
    {
        var clock = app.Services.GetRequiredService<SandboxClock>();
        app.Services.GetRequiredService<ClockAdvancer>().AdvanceTo(clock.GetUtcNow() + by);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
