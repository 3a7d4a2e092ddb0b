using FanClub.Domain.Common;

namespace FanClub.Domain.Payments;

public enum PaymentStatus
{
    Open,
    Paid,
    Failed,
    PartiallyRefunded,
    Refunded,
    Disputed,
}

public enum PaymentKind
{
    Subscription,
    Pass,
}

/// <summary>
/// One charge attempt's outcome as the member's ledger shows it: an invoice of a subscription, or
/// the payment of a pass. Keyed by the Stripe object it comes from, so replays update the same row.
/// </summary>
public sealed class Payment
{
    private Payment()
    {
        StripeObjectId = string.Empty;
        Amount = null!;
    }

    public Guid Id { get; private set; }

    public Guid MemberId { get; private set; }

    public PaymentKind Kind { get; private set; }

    /// <summary>The invoice id (<c>in_…</c>) for subscriptions, the checkout session id (<c>cs_…</c>) for passes.</summary>
    public string StripeObjectId { get; private set; }

    public string? StripeChargeId { get; private set; }

    public Guid? SubscriptionId { get; private set; }

    public Guid? PassId { get; private set; }

    public Money Amount { get; private set; }

    public long AmountRefundedMinor { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string? HostedInvoiceUrl { get; private set; }

    public string? BillingReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    public static Payment Record(Guid id, Guid memberId, PaymentKind kind, string stripeObjectId, Money amount, DateTimeOffset createdAt, DateTimeOffset now) =>
        new()
        {
            Id = id,
            MemberId = memberId,
            Kind = kind,
            StripeObjectId = stripeObjectId,
            Amount = amount,
            Status = PaymentStatus.Open,
            CreatedAt = createdAt,
            ChangedAt = now,
        };

    public void LinkTo(Guid? subscriptionId, Guid? passId)
    {
        SubscriptionId ??= subscriptionId;
        PassId ??= passId;
    }

    public void Describe(string? hostedInvoiceUrl, string? billingReason, string? chargeId)
    {
        HostedInvoiceUrl = hostedInvoiceUrl ?? HostedInvoiceUrl;
        BillingReason = billingReason ?? BillingReason;
        StripeChargeId = chargeId ?? StripeChargeId;
    }

    /// <summary>Marks the payment paid. Returns false when it already was (a replayed event changes nothing).</summary>
    public bool MarkPaid(DateTimeOffset paidAt, DateTimeOffset now)
    {
        if (PaidAt is not null)
        {
            return false;
        }

        PaidAt = paidAt;
        if (Status is PaymentStatus.Open or PaymentStatus.Failed)
        {
            Status = PaymentStatus.Paid;
        }

        ChangedAt = now;
        return true;
    }

    /// <summary>Marks a failed attempt; a later success still wins. Returns whether anything changed.</summary>
    public bool MarkFailed(DateTimeOffset now)
    {
        if (Status != PaymentStatus.Open)
        {
            return false;
        }

        Status = PaymentStatus.Failed;
        ChangedAt = now;
        return true;
    }

    /// <summary>Sets the refunded total as Stripe reports it (cumulative, so replays are harmless).</summary>
    public bool SetRefunded(long amountRefundedMinor, DateTimeOffset now)
    {
        if (amountRefundedMinor <= AmountRefundedMinor)
        {
            return false;
        }

        AmountRefundedMinor = Math.Min(amountRefundedMinor, Amount.AmountMinor);
        if (Status != PaymentStatus.Disputed)
        {
            Status = AmountRefundedMinor >= Amount.AmountMinor ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        }

        ChangedAt = now;
        return true;
    }

    public bool MarkDisputed(DateTimeOffset now)
    {
        if (Status == PaymentStatus.Disputed)
        {
            return false;
        }

        Status = PaymentStatus.Disputed;
        ChangedAt = now;
        return true;
    }

    public bool IsFullyRefunded => AmountRefundedMinor >= Amount.AmountMinor && Amount.AmountMinor > 0;
}
