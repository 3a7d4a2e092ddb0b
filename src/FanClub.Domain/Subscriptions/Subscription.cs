using FanClub.Domain.Common;

namespace FanClub.Domain.Subscriptions;

/// <summary>
/// A member's recurring membership, kept in step with Stripe. Stripe is the source of truth for
/// status and period; this class refuses transitions Stripe itself never makes (nothing leaves
/// canceled or incomplete_expired), so a stale or replayed snapshot cannot resurrect access.
/// </summary>
public sealed class Subscription
{
    private static readonly Dictionary<SubscriptionStatus, SubscriptionStatus[]> Allowed = new()
    {
        [SubscriptionStatus.Incomplete] = [SubscriptionStatus.Active, SubscriptionStatus.Trialing, SubscriptionStatus.IncompleteExpired, SubscriptionStatus.Canceled, SubscriptionStatus.PastDue],
        [SubscriptionStatus.Trialing] = [SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid, SubscriptionStatus.Paused, SubscriptionStatus.Canceled, SubscriptionStatus.Incomplete],
        [SubscriptionStatus.Active] = [SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid, SubscriptionStatus.Paused, SubscriptionStatus.Canceled, SubscriptionStatus.Trialing],
        [SubscriptionStatus.PastDue] = [SubscriptionStatus.Active, SubscriptionStatus.Unpaid, SubscriptionStatus.Paused, SubscriptionStatus.Canceled, SubscriptionStatus.Trialing],
        [SubscriptionStatus.Unpaid] = [SubscriptionStatus.Active, SubscriptionStatus.PastDue, SubscriptionStatus.Paused, SubscriptionStatus.Canceled],
        [SubscriptionStatus.Paused] = [SubscriptionStatus.Active, SubscriptionStatus.Trialing, SubscriptionStatus.PastDue, SubscriptionStatus.Canceled],
        [SubscriptionStatus.IncompleteExpired] = [],
        [SubscriptionStatus.Canceled] = [],
    };

    private Subscription()
    {
        StripeSubscriptionId = string.Empty;
        StripeCustomerId = string.Empty;
        StripePriceId = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid MemberId { get; private set; }

    public Guid TierId { get; private set; }

    public string StripeSubscriptionId { get; private set; }

    public string StripeCustomerId { get; private set; }

    public string StripePriceId { get; private set; }

    public BillingInterval Interval { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    public DateTimeOffset CurrentPeriodStart { get; private set; }

    public DateTimeOffset CurrentPeriodEnd { get; private set; }

    public bool CancelAtPeriodEnd { get; private set; }

    public DateTimeOffset? TrialEnd { get; private set; }

    /// <summary>When the subscription first fell past due in its current dunning run; starts the grace period.</summary>
    public DateTimeOffset? PastDueSince { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Set when a refund or dispute took back the money that paid for access.</summary>
    public DateTimeOffset? AccessEndedAt { get; private set; }

    public AccessEndReason? AccessEndReason { get; private set; }

    /// <summary>
    /// After a downgrade, the tier the member already paid for, kept until <see cref="PreviousTierUntil"/>
    /// (the end of the paid period); the subscription's price and <see cref="TierId"/> are the cheaper
    /// tier, billed from the next renewal.
    /// </summary>
    public Guid? PreviousTierId { get; private set; }

    public DateTimeOffset? PreviousTierUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>Live subscriptions can still grant access; a member holds at most one.</summary>
    public bool IsLive => !IsTerminal(Status);

    public static bool IsTerminal(SubscriptionStatus status) =>
        status is SubscriptionStatus.Canceled or SubscriptionStatus.IncompleteExpired;

    public static Subscription Start(Guid id, Guid memberId, Guid tierId, BillingInterval interval, SubscriptionSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var subscription = new Subscription
        {
            Id = id,
            MemberId = memberId,
            TierId = tierId,
            Interval = interval,
            StripeSubscriptionId = snapshot.StripeSubscriptionId,
            StripeCustomerId = snapshot.StripeCustomerId,
            CreatedAt = now,
        };
        subscription.Copy(snapshot, tierId, interval, now);
        return subscription;
    }

    /// <summary>
    /// Brings the subscription to what Stripe says now. Returns whether anything changed; fails
    /// (changing nothing) for a transition Stripe never makes, such as canceled back to active.
    /// </summary>
    public Result<bool> Apply(SubscriptionSnapshot snapshot, Guid tierId, BillingInterval interval, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.StripeSubscriptionId != StripeSubscriptionId)
        {
            throw new InvalidOperationException("A snapshot of another subscription was applied.");
        }

        if (snapshot.Status != Status && !Allowed[Status].Contains(snapshot.Status))
        {
            return Result.Fail<bool>("subscription.transition_refused",
                $"A subscription cannot go from {Status} to {snapshot.Status}.");
        }

        var changed = snapshot.Status != Status
            || snapshot.StripePriceId != StripePriceId
            || snapshot.CurrentPeriodStart != CurrentPeriodStart
            || snapshot.CurrentPeriodEnd != CurrentPeriodEnd
            || snapshot.CancelAtPeriodEnd != CancelAtPeriodEnd
            || snapshot.TrialEnd != TrialEnd
            || snapshot.EndedAt != EndedAt
            || tierId != TierId;
        if (changed)
        {
            Copy(snapshot, tierId, interval, now);
        }

        return Result.Ok(changed);
    }

    /// <summary>Records a downgrade: the member keeps <paramref name="paidTierId"/> until the paid period ends.</summary>
    public void KeepPaidTierUntil(Guid paidTierId, DateTimeOffset until, DateTimeOffset now)
    {
        PreviousTierId = paidTierId;
        PreviousTierUntil = until;
        ChangedAt = now;
    }

    /// <summary>The tiers whose entitlements hold at <paramref name="now"/>, given that the subscription grants access.</summary>
    public IEnumerable<Guid> TiersAt(DateTimeOffset now)
    {
        yield return TierId;
        if (PreviousTierId is { } previous && PreviousTierUntil is { } until && now < until)
        {
            yield return previous;
        }
    }

    /// <summary>Access taken back by a refund or a dispute; the member keeps none of it, whatever Stripe's status says.</summary>
    public void EndAccess(AccessEndReason reason, DateTimeOffset at, DateTimeOffset now)
    {
        if (AccessEndedAt is not null && AccessEndedAt <= at)
        {
            return;
        }

        AccessEndedAt = at;
        AccessEndReason = reason;
        ChangedAt = now;
    }

    /// <summary>
    /// Whether the tier's entitlements hold at <paramref name="now"/>: trialing or active, or past due
    /// but still inside the grace period, and not taken back by a refund or dispute.
    /// </summary>
    public bool GrantsAccess(DateTimeOffset now, TimeSpan gracePeriod)
    {
        if (AccessEndedAt is { } ended && now >= ended)
        {
            return false;
        }

        return Status switch
        {
            SubscriptionStatus.Trialing or SubscriptionStatus.Active => true,
            SubscriptionStatus.PastDue => PastDueSince is { } since && now < since + gracePeriod,
            _ => false,
        };
    }

    /// <summary>When access ends if nothing changes: end of grace for a past-due subscription, else null.</summary>
    public DateTimeOffset? GraceEndsAt(TimeSpan gracePeriod) =>
        Status == SubscriptionStatus.PastDue && PastDueSince is { } since ? since + gracePeriod : null;

    private void Copy(SubscriptionSnapshot snapshot, Guid tierId, BillingInterval interval, DateTimeOffset now)
    {
        if (snapshot.Status == SubscriptionStatus.PastDue && Status != SubscriptionStatus.PastDue)
        {
            PastDueSince = now;
        }
        else if (snapshot.Status != SubscriptionStatus.PastDue)
        {
            PastDueSince = null;
        }

        Status = snapshot.Status;
        TierId = tierId;
        Interval = interval;
        StripePriceId = snapshot.StripePriceId;
        CurrentPeriodStart = snapshot.CurrentPeriodStart;
        CurrentPeriodEnd = snapshot.CurrentPeriodEnd;
        CancelAtPeriodEnd = snapshot.CancelAtPeriodEnd;
        TrialEnd = snapshot.TrialEnd;
        EndedAt = snapshot.EndedAt;
        ChangedAt = now;
    }
}
