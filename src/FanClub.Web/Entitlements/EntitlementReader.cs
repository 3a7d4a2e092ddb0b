using FanClub.Billing.Configuration;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Entitlements;

/// <summary>Loads entitlement sources from the database and asks <see cref="EntitlementPolicy"/>.</summary>
public sealed class EntitlementReader(FanClubDbContext db, IOptions<BillingOptions> billing, TimeProvider clock)
{
    public async Task<MemberEntitlements> GetAsync(Guid memberId, CancellationToken ct) => (await ReadAsync(memberId, ct)).Value;

    /// <summary>One member's answer, and the next instant the clock alone would change it.</summary>
    public async Task<(MemberEntitlements Value, DateTimeOffset? NextChange)> ReadAsync(Guid memberId, CancellationToken ct)
    {
        var subscription = await db.Subscriptions.AsNoTracking()
            .Where(s => s.MemberId == memberId && s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired)
            .OrderByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var passes = await db.Passes.AsNoTracking().Where(p => p.MemberId == memberId && p.RevokedAt == null).ToListAsync(ct);
        var comps = await db.Comps.AsNoTracking().Where(c => c.MemberId == memberId && c.RevokedAt == null).ToListAsync(ct);
        var bans = await db.Bans.AsNoTracking().Where(b => b.MemberId == memberId && b.LiftedAt == null).ToListAsync(ct);

        var tierIds = comps.Select(c => c.TierId).ToHashSet();
        if (subscription is not null)
        {
            tierIds.UnionWith(subscription.TiersAt(DateTimeOffset.MinValue));
            if (subscription.PreviousTierId is { } previous)
            {
                tierIds.Add(previous);
            }
        }

        var tiers = tierIds.Count == 0
            ? new Dictionary<Guid, Tier>()
            : await db.Tiers.AsNoTracking().Where(t => tierIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return Evaluate(new EntitlementSources(memberId, subscription, passes, comps, bans, tiers));
    }

    /// <summary>
    /// Every member's answer, read with one query per source table (not one round trip per member):
    /// how a node warms its cache. Members with no source at all get their (empty) answer too, so
    /// a partner asking about them costs nothing either.
    /// </summary>
    public async Task ReadAllAsync(Action<Guid, MemberEntitlements, DateTimeOffset?> each, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(each);
        var tiers = await db.Tiers.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var subscriptions = new Dictionary<Guid, Subscription>();
        await foreach (var s in db.Subscriptions.AsNoTracking()
            .Where(s => s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!subscriptions.TryGetValue(s.MemberId, out var kept) || s.CreatedAt > kept.CreatedAt)
            {
                subscriptions[s.MemberId] = s;
            }
        }

        var passes = (await db.Passes.AsNoTracking().Where(p => p.RevokedAt == null).ToListAsync(ct)).ToLookup(p => p.MemberId);
        var comps = (await db.Comps.AsNoTracking().Where(c => c.RevokedAt == null).ToListAsync(ct)).ToLookup(c => c.MemberId);
        var bans = (await db.Bans.AsNoTracking().Where(b => b.LiftedAt == null).ToListAsync(ct)).ToLookup(b => b.MemberId);
        await foreach (var memberId in db.Users.AsNoTracking().Select(u => u.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            var (value, nextChange) = Evaluate(new EntitlementSources(memberId, subscriptions.GetValueOrDefault(memberId),
                [.. passes[memberId]], [.. comps[memberId]], [.. bans[memberId]], tiers));
            each(memberId, value, nextChange);
        }
    }

    private (MemberEntitlements Value, DateTimeOffset? NextChange) Evaluate(EntitlementSources sources)
    {
        var now = clock.GetUtcNow();
        var grace = billing.Value.GracePeriod;
        return (EntitlementPolicy.Evaluate(sources, now, grace), EntitlementPolicy.NextChange(sources, now, grace));
    }
}
