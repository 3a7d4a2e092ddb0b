namespace FanClub.Billing.Configuration;

/// <summary>
/// Stripe settings (<c>Stripe:*</c>). With no <see cref="SecretKey"/> FanClub runs in sandbox mode:
/// no payment reaches Stripe, which is what a demo or a developer machine wants.
/// </summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    /// <summary>Secret or restricted API key (<c>sk_test_…</c>, <c>sk_live_…</c>, <c>rk_…</c>). Never in appsettings files.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Publishable key (<c>pk_…</c>) for Stripe.js, should a page ever need it; optional.</summary>
    public string? PublishableKey { get; set; }

    /// <summary>Signing secret of the webhook endpoint (<c>whsec_…</c>); required with a secret key.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where Stripe.net sends API calls; tests point it at a local server that speaks Stripe's wire format.</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>
    /// Sandbox when no key is set or the API is the local sandbox server; live when the key is a live key.
    /// </summary>
    public PaymentMode Mode => string.IsNullOrEmpty(SecretKey) || ApiBase is { IsLoopback: true } ? PaymentMode.Sandbox
        : SecretKey.Contains("_live_", StringComparison.Ordinal) ? PaymentMode.Live
        : PaymentMode.Test;

    /// <summary>Whether FanClub can take payments at all (a key is configured).</summary>
    public bool Enabled => !string.IsNullOrEmpty(SecretKey);
}

/// <summary>Whose money moves: nobody's (sandbox), Stripe test mode, or real cards.</summary>
public enum PaymentMode
{
    Sandbox,
    Test,
    Live,
}
