using FanClub.Billing.Checkout;
using FanClub.Billing.Configuration;
using FanClub.Domain.Partners;
using FanClub.Domain.Passes;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Billing;

/// <summary>Everything the member's billing page shows, read in one place.</summary>
public sealed record BillingView(
    Subscription? Subscription,
    Tier? Tier,
    bool SubscriptionGrantsAccess,
    DateTimeOffset? GraceEndsAt,
    IReadOnlyList<Payment> Payments,
    IReadOnlyList<(Pass Pass, PassOffer Offer)> Passes,
    IReadOnlyList<EntitlementKey> Entitlements,
    PendingCheckout? OpenCheckout);

public sealed class MemberBilling(FanClubDbContext db, IEntitlementQuery entitlementReader, IOptions<BillingOptions> options, TimeProvider clock)
{
    public async Task<BillingView> GetAsync(Guid memberId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.GracePeriod;
        var subscription = await db.Subscriptions.AsNoTracking()
            .Where(s => s.MemberId == memberId)
            .OrderBy(s => s.Status == SubscriptionStatus.Canceled || s.Status == SubscriptionStatus.IncompleteExpired)
            .ThenByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var tier = subscription is null ? null : await db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == subscription.TierId, ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).OrderByDescending(p => p.CreatedAt).Take(50).ToListAsync(ct);
        var passes = await db.Passes.AsNoTracking().Where(p => p.MemberId == memberId)
            .Join(db.PassOffers.AsNoTracking(), p => p.OfferId, o => o.Id, (p, o) => new { p, o })
            .ToListAsync(ct);
        var open = await db.Checkouts.AsNoTracking().Where(c => c.MemberId == memberId && c.Status == CheckoutStatus.Open)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);

        var entitlements = await entitlementReader.GetAsync(memberId, ct);
        return new BillingView(subscription, tier, subscription?.GrantsAccess(now, grace) == true, subscription?.GraceEndsAt(grace), payments,
            [.. passes.Select(x => (x.p, x.o))], entitlements.Keys, open);
    }
}
