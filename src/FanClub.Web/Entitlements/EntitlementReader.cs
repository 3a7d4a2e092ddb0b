using FanClub.Billing.Configuration;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Subscriptions;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Entitlements;

/// <summary>Loads a member's entitlement sources from the database and asks <see cref="EntitlementPolicy"/>.</summary>
public sealed class EntitlementReader(FanClubDbContext db, IOptions<BillingOptions> billing, TimeProvider clock)
{
    public async Task<MemberEntitlements> GetAsync(Guid memberId, CancellationToken ct)
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

        var tiers = await db.Tiers.AsNoTracking().Where(t => tierIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        return EntitlementPolicy.Evaluate(new EntitlementSources(memberId, subscription, passes, comps, bans, tiers),
            clock.GetUtcNow(), billing.Value.GracePeriod);
    }
}
