using System.ComponentModel.DataAnnotations;

namespace FanClub.Billing.Configuration;

/// <summary><c>Billing:*</c>: the club's payment policies.</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>
    /// How long a past-due member keeps access while Stripe retries the card. Three days covers
    /// the first retry (Stripe's smart retries start about 3 days after the failure).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Whether a full refund ends access at once or at the end of the paid period.</summary>
    public RefundAccessPolicy RefundEndsAccess { get; set; } = RefundAccessPolicy.Immediately;

    /// <summary>How often the reconciliation job compares FanClub's subscriptions with Stripe's.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a Checkout page stays usable; Stripe allows 30 minutes to 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:30:00", "23:59:00")]
    public TimeSpan CheckoutLifetime { get; set; } = TimeSpan.FromHours(1);
}

public enum RefundAccessPolicy
{
    Immediately,
    AtPeriodEnd,
}
