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
        if (sources.Subscription is { } subscription && subscription.GrantsAccess(now, gracePeriod))
        {
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
                grants.AddRange(tier.Entitlements.Select(k => new EntitlementGrant(k, EntitlementSource.Comp, comp.Id, comp.EndsAt)));
            }
        }

        return new MemberEntitlements(sources.MemberId, now, Banned: false, grants);
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
