using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;

namespace FanClub.Billing.Gateway;

/// <summary>A subscription as Stripe reports it, with the FanClub ids stored in its metadata.</summary>
public sealed record StripeSubscription(SubscriptionSnapshot Snapshot, string ItemId, Guid? MemberId, Guid? TierId);

/// <summary>An invoice as Stripe reports it.</summary>
public sealed record StripeInvoice(
    string Id,
    string CustomerId,
    string? SubscriptionId,
    string Status,
    Money AmountDue,
    long AmountPaid,
    string? HostedInvoiceUrl,
    string? BillingReason,
    string? ChargeId,
    int AttemptCount,
    DateTimeOffset Created,
    DateTimeOffset? PaidAt)
{
    /// <summary>The invoice's subscription, read with it; null when it has none or it was not expanded.</summary>
    public StripeSubscription? Subscription { get; init; }
}

/// <summary>A charge with its refund total, cumulative as Stripe keeps it.</summary>
public sealed record StripeCharge(string Id, string? CustomerId, string? InvoiceId, string? PaymentIntentId, long Amount, long AmountRefunded, bool Disputed);

/// <summary>A Checkout session: where to send the fan, and what became of it.</summary>
public sealed record StripeCheckout(
    string Id,
    string Url,
    string Mode,
    string Status,
    string PaymentStatus,
    string? CustomerId,
    string? SubscriptionId,
    string? PaymentIntentId,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset ExpiresAt);

/// <summary>The Stripe product and prices that sell one tier.</summary>
public sealed record StripeTierPrices(string ProductId, string MonthlyPriceId, string YearlyPriceId);
