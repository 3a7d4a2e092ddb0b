namespace FanClub.Domain.Subscriptions;

/// <summary>Mirrors Stripe's subscription statuses one for one, so nothing is lost in translation.</summary>
public enum SubscriptionStatus
{
    Incomplete,
    IncompleteExpired,
    Trialing,
    Active,
    PastDue,
    Unpaid,
    Canceled,
    Paused,
}

public enum BillingInterval
{
    Month,
    Year,
}

/// <summary>Why access ended before the subscription said so.</summary>
public enum AccessEndReason
{
    Refunded,
    Disputed,
}
