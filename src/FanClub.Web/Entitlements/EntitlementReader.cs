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

    /// <summary>Members read together by <see cref="ReadAllAsync"/>: bounds what is held at once.</summary>
    public const int WarmBatch = 2_000;

    /// <summary>
    /// Every member's answer, a batch of <see cref="WarmBatch"/> members at a time with one query
    /// per source table (not one round trip per member, nor every row of every table in memory at
    /// once): how a node warms its cache. Members with no source at all get their (empty) answer
    /// too, so a partner asking about them costs nothing either.
    /// </summary>
    public async Task ReadAllAsync(Action<Guid, MemberEntitlements, DateTimeOffset?> each, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(each);
        var tiers = await db.Tiers.AsNoTracking().ToDictionaryAsync(t => t.Id, ct);
        var memberIds = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
        foreach (var batch in memberIds.Chunk(WarmBatch))
        {
            // Inlined (EF.Constant): an IN list the MemberId indexes serve, not a JSON table joined to a scan.
            var subscriptions = (await db.Subscriptions.AsNoTracking()
                    .Where(s => EF.Constant(batch).Contains(s.MemberId)
                        && s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired)
                    .ToListAsync(ct))
                .GroupBy(s => s.MemberId)
                .ToDictionary(g => g.Key, g => g.MaxBy(s => s.CreatedAt)!);
            var passes = (await db.Passes.AsNoTracking().Where(p => EF.Constant(batch).Contains(p.MemberId) && p.RevokedAt == null).ToListAsync(ct))
                .ToLookup(p => p.MemberId);
            var comps = (await db.Comps.AsNoTracking().Where(c => EF.Constant(batch).Contains(c.MemberId) && c.RevokedAt == null).ToListAsync(ct))
                .ToLookup(c => c.MemberId);
            var bans = (await db.Bans.AsNoTracking().Where(b => EF.Constant(batch).Contains(b.MemberId) && b.LiftedAt == null).ToListAsync(ct))
                .ToLookup(b => b.MemberId);
            foreach (var memberId in batch)
            {
                var (value, nextChange) = Evaluate(new EntitlementSources(memberId, subscriptions.GetValueOrDefault(memberId),
                    [.. passes[memberId]], [.. comps[memberId]], [.. bans[memberId]], tiers));
                each(memberId, value, nextChange);
            }
        }
    }

    private (MemberEntitlements Value, DateTimeOffset? NextChange) Evaluate(EntitlementSources sources)
    {
        var now = clock.GetUtcNow();
        var grace = billing.Value.GracePeriod;
        return (EntitlementPolicy.Evaluate(sources, now, grace), EntitlementPolicy.NextChange(sources, now, grace));
    }
}
