using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Subscriptions;
using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Admin.Audit;
using FanClub.Web.Data;
using FanClub.Web.Tiers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Admin.Tiers;

/// <summary>A tier as the admin list shows it, with how many live subscriptions it has and how many sit on an old price.</summary>
public sealed record TierSummary(Tier Tier, int LiveSubscriptions, int OnOldPrice);

/// <summary>What one click of "move subscribers" did, and how many are left for the next click.</summary>
public sealed record MigrationOutcome(int Moved, int Failed, int Remaining);

/// <summary>
/// The admin's use cases on tiers: create, edit (including a price change), archive, and move
/// subscribers from an old price to the current one. Each validates through the domain, records one
/// audit entry when it changed something, evicts the public tier cache, and is safe to repeat: a second
/// identical request finds nothing to change and records nothing.
/// </summary>
public sealed partial class TierAdmin(
    FanClubDbContext db, StripeGateway stripe, PriceMigration migration, IAuditLog audit, IOutputCacheStore cache,
    IOptions<StripeOptions> stripeOptions, ILogger<TierAdmin> logger)
{
    /// <summary>Subscribers moved per click: each is a Stripe call, and the request must end in seconds.</summary>
    public const int MigrationBatch = 100;

    public async Task<IReadOnlyList<TierSummary>> ListAsync(CancellationToken ct)
    {
        var tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.IsArchived).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var counts = await db.Subscriptions.AsNoTracking()
            .Where(s => s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired)
            .Join(db.Tiers, s => s.TierId, t => t.Id, (s, t) => new { s.TierId, Old = s.StripePriceId != t.StripeMonthlyPriceId && s.StripePriceId != t.StripeYearlyPriceId })
            .GroupBy(x => x.TierId)
            .Select(g => new { TierId = g.Key, Live = g.Count(), Old = g.Count(x => x.Old) })
            .ToDictionaryAsync(x => x.TierId, ct);
        return [.. tiers.Select(t => counts.TryGetValue(t.Id, out var c) ? new TierSummary(t, c.Live, c.Old) : new TierSummary(t, 0, 0))];
    }

    public Task<Tier?> FindAsync(Guid id, CancellationToken ct) =>
        db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);

    /// <summary>Creates the tier with the id the form was drawn with; a second submit of that form changes nothing.</summary>
    public async Task<Result<Tier>> CreateAsync(TierInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == input.Id, ct) is { } existing)
        {
            return existing.Slug == input.Slug ? Result.Ok(existing) : Result.Fail<Tier>("tier.id_taken", "This form was already used for another tier.");
        }

        if (await db.Tiers.AnyAsync(t => t.Slug == input.Slug, ct))
        {
            return Result.Fail<Tier>("tier.slug_taken", "Another tier already uses this slug.");
        }

        var created = Tier.Create(input.Id, input.Slug, input.Name(), input.Description(), input.Monthly(), input.Yearly(), input.TrialDays, input.SortOrder, input.Keys());
        if (!created.Succeeded)
        {
            return created;
        }

        db.Tiers.Add(created.Value);
        try
        {
            await audit.RecordAsync(new AuditRecord("tier.create", "tier", created.Value.Id.ToString(), null, null, null, Describe(created.Value)), ct);
        }
        catch (DbUpdateException)
        {
            // Two submits of the same form at once (or two admins, one slug): the other one won.
            db.ChangeTracker.Clear();
            var winner = await db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == input.Id, CancellationToken.None);
            if (winner is not null && winner.Slug == input.Slug)
            {
                return Result.Ok(winner);
            }

            if (await db.Tiers.AnyAsync(t => t.Slug == input.Slug, CancellationToken.None))
            {
                return Result.Fail<Tier>("tier.slug_taken", "Another tier already uses this slug.");
            }

            throw;
        }

        await EvictPublicCacheAsync(ct);
        return created;
    }

    /// <summary>
    /// Edits the tier. A new price, once the tier sells through Stripe, becomes a new Stripe price for
    /// new subscribers; existing subscribers keep theirs until <see cref="MigrateSubscribersAsync"/>.
    /// Returns whether anything changed.
    /// </summary>
    public async Task<Result<bool>> EditAsync(Guid id, TierInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var tier = await db.Tiers.Include(t => t.Prices).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tier is null)
        {
            return Result.Fail<bool>("tier.not_found", "There is no such tier.");
        }

        var before = Describe(tier);
        var edited = tier.Edit(input.Name(), input.Description(), input.TrialDays, input.SortOrder, input.Keys());
        if (!edited.Succeeded)
        {
            return edited;
        }

        var repriced = tier.ChangePrices(input.Monthly(), input.Yearly());
        if (!repriced.Succeeded)
        {
            return Result.Fail<bool>(repriced.Failure!.Code, repriced.Failure.Message);
        }

        if (tier.StripeProductId is not null && repriced.Value.Count > 0)
        {
            if (!stripeOptions.Value.Enabled)
            {
                return Result.Fail<bool>("billing.disabled", "Payments are off: this tier's Stripe price cannot change.");
            }

            foreach (var interval in repriced.Value)
            {
                // Stripe first: if it refuses, nothing is saved and the tier keeps selling at the old price.
                var price = await stripe.CreateTierPriceAsync(tier, interval, ct);
                if (!price.Succeeded)
                {
                    db.ChangeTracker.Clear();
                    return Result.Fail<bool>(price.Failure!.Code, price.Failure.Message);
                }

                tier.ReplaceStripePrice(interval, price.Value);
                LogRepriced(logger, tier.Slug, interval, price.Value);
            }
        }

        if (!edited.Value && repriced.Value.Count == 0)
        {
            return Result.Ok(false);
        }

        var action = repriced.Value.Count > 0 ? "tier.price_change" : "tier.edit";
        await audit.RecordAsync(new AuditRecord(action, "tier", tier.Id.ToString(), null, null, before, Describe(tier)), ct);
        await EvictPublicCacheAsync(ct);
        return Result.Ok(true);
    }

    /// <summary>Takes the tier off sale; its members keep it until their subscriptions end. Archiving twice changes nothing.</summary>
    public async Task<Result<bool>> ArchiveAsync(Guid id, string reason, CancellationToken ct)
    {
        var tier = await db.Tiers.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tier is null)
        {
            return Result.Fail<bool>("tier.not_found", "There is no such tier.");
        }

        if (!tier.Archive())
        {
            return Result.Ok(false);
        }

        await audit.RecordAsync(new AuditRecord("tier.archive", "tier", tier.Id.ToString(), null, reason, new { Archived = false }, new { Archived = true }), ct);
        await EvictPublicCacheAsync(ct);
        return Result.Ok(true);
    }

    /// <summary>
    /// Moves up to <see cref="MigrationBatch"/> live subscribers still on an old price of the tier to
    /// its current price (without proration: the new price is billed from their next renewal). Click
    /// again for the rest; subscribers already moved are not touched twice.
    /// </summary>
    public async Task<Result<MigrationOutcome>> MigrateSubscribersAsync(Guid id, string reason, CancellationToken ct)
    {
        var tier = await db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (tier is null)
        {
            return Result.Fail<MigrationOutcome>("tier.not_found", "There is no such tier.");
        }

        if (!stripeOptions.Value.Enabled || tier.StripeProductId is null)
        {
            return Result.Ok(new MigrationOutcome(0, 0, 0));
        }

        var stale = OnOldPrice(tier);
        var batch = await stale.OrderBy(s => s.Id).Select(s => new { s.StripeCustomerId, s.StripeSubscriptionId }).Take(MigrationBatch).ToListAsync(ct);
        int moved = 0, failed = 0;
        var movedIds = new List<string>();
        foreach (var subscription in batch)
        {
            var outcome = await migration.MoveToCurrentPriceAsync(subscription.StripeCustomerId, subscription.StripeSubscriptionId, ct);
            if (!outcome.Succeeded)
            {
                failed++;
                LogMoveFailed(logger, subscription.StripeSubscriptionId, outcome.Failure!.Code);
            }
            else if (outcome.Value)
            {
                moved++;
                movedIds.Add(subscription.StripeSubscriptionId);
            }
        }

        db.ChangeTracker.Clear();
        var remaining = await OnOldPrice(tier).CountAsync(ct);
        if (moved > 0)
        {
            await audit.RecordAsync(new AuditRecord("tier.migrate_subscribers", "tier", tier.Id.ToString(), null, reason,
                new { OnOldPrice = remaining + moved }, new { Moved = moved, Subscriptions = movedIds.Take(20), Remaining = remaining }), ct);
        }

        return Result.Ok(new MigrationOutcome(moved, failed, remaining));
    }

    private IQueryable<Subscription> OnOldPrice(Tier tier) =>
        db.Subscriptions.AsNoTracking().Where(s => s.TierId == tier.Id
            && s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired
            && ((s.Interval == BillingInterval.Month && s.StripePriceId != tier.StripeMonthlyPriceId)
                || (s.Interval == BillingInterval.Year && s.StripePriceId != tier.StripeYearlyPriceId)));

    private async Task EvictPublicCacheAsync(CancellationToken ct) => await cache.EvictByTagAsync(TierCatalog.CacheTag, ct);

    private static object Describe(Tier tier) => new
    {
        tier.Slug,
        Name = tier.Name.English,
        NameFr = tier.Name.French,
        Monthly = tier.MonthlyPrice.ToString(),
        Yearly = tier.YearlyPrice.ToString(),
        tier.TrialDays,
        tier.SortOrder,
        Entitlements = string.Join(' ', tier.Entitlements.Select(k => k.Value)),
        tier.StripeMonthlyPriceId,
        tier.StripeYearlyPriceId,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Tier {Slug}: new {Interval} Stripe price {PriceId}")]
    private static partial void LogRepriced(ILogger logger, string slug, BillingInterval interval, string priceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move subscription {SubscriptionId} to the current price: {Code}")]
    private static partial void LogMoveFailed(ILogger logger, string subscriptionId, string code);
}
