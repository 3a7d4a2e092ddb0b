namespace FanClub.StripeSandbox;

/// <summary>
/// Settings of the Stripe sandbox. Bound from the <c>Sandbox</c> configuration section when
/// run as a program, or passed to <see cref="StripeSandboxHost.StartAsync"/> in-process.
/// Lists default to <c>null</c> and fall back to the documented defaults, because the
/// configuration binder appends to a pre-filled list instead of replacing it.
/// </summary>
public sealed class StripeSandboxOptions
{
    /// <summary>Stripe's webhook retry schedule compressed from days into minutes: retries after 1 s, 5 s, 30 s, 2 min and 10 min, then give up.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultWebhookRetryDelays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];

    /// <summary>
    /// Dunning after a failed subscription payment, like Stripe's default Smart Retries of four
    /// attempts in about two weeks: retry 3 days after the first failure, then 5 days after
    /// that, then 7 days after that (days 0, 3, 8 and 15), then cancel the subscription.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultPaymentRetryDelays =
        [TimeSpan.FromDays(3), TimeSpan.FromDays(5), TimeSpan.FromDays(7)];

    /// <summary>Where events are POSTed. None: events are recorded (GET /v1/events) but not delivered.</summary>
    public IReadOnlyList<Uri>? WebhookEndpoints { get; set; }

    /// <summary>The <c>whsec_…</c> secret every delivery is signed with (<c>Stripe-Signature</c>).</summary>
    public string WebhookSecret { get; set; } = "whsec_sandbox_not_a_secret";

    /// <summary>Accepted API keys. None: any <c>sk_test_…</c> or <c>rk_test_…</c> key.</summary>
    public IReadOnlyList<string>? ApiKeys { get; set; }

    /// <summary>Delays between webhook delivery attempts; see <see cref="DefaultWebhookRetryDelays"/>.</summary>
    public IReadOnlyList<TimeSpan>? WebhookRetryDelays { get; set; }

    /// <summary>How long an endpoint may take to answer before the attempt counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delays between attempts to collect a failed invoice; see <see cref="DefaultPaymentRetryDelays"/>.</summary>
    public IReadOnlyList<TimeSpan>? PaymentRetryDelays { get; set; }

    /// <summary>Sandbox time at start (a fresh state only; a saved state keeps its own date). Default: the real time.</summary>
    public DateTimeOffset? InitialTime { get; set; }

    /// <summary>JSON file that keeps the state across restarts. None: memory only.</summary>
    public string? StatePath { get; set; }

    /// <summary>Base address used in <c>url</c> and <c>hosted_invoice_url</c>. Default: the address Kestrel listens on.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>How often the sandbox checks for work that real time made due (session expiry, renewals).</summary>
    public TimeSpan ClockTickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock the sandbox time runs on; tests may pass a FakeTimeProvider to freeze it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal IReadOnlyList<TimeSpan> EffectiveWebhookRetryDelays => WebhookRetryDelays ?? DefaultWebhookRetryDelays;

    internal IReadOnlyList<TimeSpan> EffectivePaymentRetryDelays => PaymentRetryDelays ?? DefaultPaymentRetryDelays;

    internal IReadOnlyList<Uri> EffectiveWebhookEndpoints => WebhookEndpoints ?? [];

    /// <summary>The problems with these settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            errors.Add("Sandbox:WebhookSecret must start with 'whsec_'.");
        }

        if (EffectiveWebhookEndpoints.Any(e => !e.IsAbsoluteUri || (e.Scheme != Uri.UriSchemeHttp && e.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add("Sandbox:WebhookEndpoints must be absolute http(s) URLs.");
        }

        if (ApiKeys?.Any(k => !k.Contains("_test_", StringComparison.Ordinal)) == true)
        {
            errors.Add("Sandbox:ApiKeys must be test-mode keys (sk_test_… or rk_test_…).");
        }

        if (EffectiveWebhookRetryDelays.Concat(EffectivePaymentRetryDelays).Any(d => d <= TimeSpan.Zero))
        {
            errors.Add("Sandbox:WebhookRetryDelays and Sandbox:PaymentRetryDelays must be positive.");
        }

        if (WebhookTimeout <= TimeSpan.Zero || ClockTickInterval <= TimeSpan.Zero)
        {
            errors.Add("Sandbox:WebhookTimeout and Sandbox:ClockTickInterval must be positive.");
        }

        return errors;
    }
}
