using FanClub.Domain.Passes;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;

namespace FanClub.Domain.Entitlements;

/// <summary>Everything that can grant or take away a member's access, as of one instant.</summary>
public sealed record EntitlementSources(
    Guid MemberId,
    Subscription? Subscription,
    IReadOnlyList<Pass> Passes,
    IReadOnlyList<Comp> Comps,
    IReadOnlyList<Ban> Bans,
    IReadOnlyDictionary<Guid, Tier> Tiers);

/// <summary>
/// The one function that decides access. Sources: the tier of a live subscription (a past-due one
/// only inside its grace period; after a downgrade, the paid-for tier until the period ends), passes
/// inside their window, admin comps until they expire. A ban in force overrides all of them.
/// </summary>
public static class EntitlementPolicy
{
    public static MemberEntitlements Evaluate(EntitlementSources sources, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Bans.Any(b => b.InForce(now)))
        {
            return new MemberEntitlements(sources.MemberId, now, Banned: true, []);
        }

        var grants = new List<EntitlementGrant>();
        Guid? heldTier = null;
        if (sources.Subscription is { } subscription && subscription.GrantsAccess(now, gracePeriod))
        {
            heldTier = subscription.TierId;
            var endsAt = SubscriptionEnd(subscription, gracePeriod);
            foreach (var tierId in subscription.TiersAt(now))
            {
                if (sources.Tiers.TryGetValue(tierId, out var tier))
                {
                    var tierEnd = tierId == subscription.TierId ? endsAt : Earliest(endsAt, subscription.PreviousTierUntil);
                    grants.AddRange(tier.Entitlements.Select(k => new EntitlementGrant(k, EntitlementSource.Tier, subscription.Id, tierEnd)));
                }
            }
        }

        foreach (var pass in sources.Passes.Where(p => p.GrantsAccess(now)))
        {
            grants.AddRange(pass.Entitlements.Select(k => new EntitlementGrant(k, EntitlementSource.Pass, pass.Id, pass.ValidUntil)));
        }

        foreach (var comp in sources.Comps.Where(c => c.GrantsAccess(now)))
        {
            if (sources.Tiers.TryGetValue(comp.TierId, out var tier))
            {
                heldTier ??= comp.TierId;
                grants.AddRange(tier.Entitlements.Select(k => new EntitlementGrant(k, EntitlementSource.Comp, comp.Id, comp.EndsAt)));
            }
        }

        return new MemberEntitlements(sources.MemberId, now, Banned: false, grants) { TierId = heldTier };
    }

    /// <summary>
    /// The earliest instant after <paramref name="now"/> at which <see cref="Evaluate"/> may answer
    /// differently with the same sources: a pass, comp or ban starting or ending, a period, trial,
    /// grace period or kept tier running out. Null: only a change to the sources can change the
    /// answer. Deliberately generous (any such instant counts), so a cached answer never outlives it.
    /// </summary>
    public static DateTimeOffset? NextChange(EntitlementSources sources, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(sources);
        DateTimeOffset? next = null;
        void Consider(DateTimeOffset? at)
        {
            if (at is { } instant && instant > now && (next is null || instant < next))
            {
                next = instant;
            }
        }

        if (sources.Subscription is { } s)
        {
            Consider(s.CurrentPeriodEnd);
            Consider(s.TrialEnd);
            Consider(s.GraceEndsAt(gracePeriod));
            Consider(s.AccessEndedAt);
            Consider(s.PreviousTierUntil);
        }

        foreach (var pass in sources.Passes)
        {
            Consider(pass.ValidFrom);
            Consider(pass.ValidUntil);
        }

        foreach (var comp in sources.Comps)
        {
            Consider(comp.StartsAt);
            Consider(comp.EndsAt);
        }

        foreach (var ban in sources.Bans)
        {
            Consider(ban.BannedAt);
            Consider(ban.LiftedAt);
        }

        return next;
    }

    /// <summary>
    /// Until when the subscription grants access if nothing else happens: the end of grace when past
    /// due, the period end when cancelling, the refund/dispute cut-off; open-ended while it renews.
    /// </summary>
    private static DateTimeOffset? SubscriptionEnd(Subscription subscription, TimeSpan gracePeriod)
    {
        DateTimeOffset? end = subscription.GraceEndsAt(gracePeriod);
        if (subscription.CancelAtPeriodEnd)
        {
            end = Earliest(end, subscription.CurrentPeriodEnd);
        }

        return Earliest(end, subscription.AccessEndedAt);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
