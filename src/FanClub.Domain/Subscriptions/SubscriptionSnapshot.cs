namespace FanClub.Domain.Subscriptions;

/// <summary>
/// What Stripe says a subscription is right now, read back from Stripe (never from the event
/// payload, which may be stale or out of order). The period comes from the subscription item.
/// </summary>
public sealed record SubscriptionSnapshot(
    string StripeSubscriptionId,
    string StripeCustomerId,
    string StripePriceId,
    SubscriptionStatus Status,
    DateTimeOffset CurrentPeriodStart,
    DateTimeOffset CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? TrialEnd,
    DateTimeOffset? EndedAt);
