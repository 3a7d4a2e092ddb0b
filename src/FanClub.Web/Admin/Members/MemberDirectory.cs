using FanClub.Domain.Entitlements;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Billing;
using FanClub.Web.Data;
using FanClub.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Admin.Members;

/// <summary>What the member search asks: a text (e-mail, name or Stripe customer id, by prefix), a tier, a status, and where the last page ended.</summary>
public sealed record MemberQuery(string? Text, Guid? TierId, SubscriptionStatus? Status, string? After, int PageSize = MemberDirectory.PageSize);

public sealed record MemberRow(Guid Id, string Email, string DisplayName, DateTimeOffset CreatedAt, string? StripeCustomerId, Guid? TierId, SubscriptionStatus? Status);

/// <summary>One page of results and the cursor of the next (null on the last page).</summary>
public sealed record MemberPage(IReadOnlyList<MemberRow> Rows, string? Next);

public sealed record TimelineItem(DateTimeOffset At, string Kind, string Text);

public sealed record MemberDetail(
    FanClubUser User,
    string? StripeCustomerId,
    IReadOnlyList<Subscription> Subscriptions,
    MemberEntitlements Entitlements,
    IReadOnlyList<Comp> Comps,
    IReadOnlyList<Ban> Bans,
    IReadOnlyList<Payment> Payments,
    IReadOnlyList<NoticeRecord> Notices,
    IReadOnlyDictionary<Guid, Tier> Tiers,
    IReadOnlyList<TimelineItem> Timeline);

/// <summary>
/// The read side of the members pages. The search stays fast with 100,000 members and more: every
/// text search is a prefix match on an index (normalized e-mail, display name, Stripe customer
/// id), results come newest first in pages of <see cref="PageSize"/> with a keyset cursor on
/// (created, id), and nothing counts the whole table.
/// </summary>
public sealed class MemberDirectory(FanClubDbContext db, EntitlementReader entitlements)
{
    public const int PageSize = 50;

    /// <summary>How much of each source the timeline reads: the latest events, not a member's whole history.</summary>
    private const int TimelinePerSource = 100;

    public async Task<MemberPage> SearchAsync(MemberQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var members = Filter(query);
        if (Cursor.TryParse(query.After, out var afterAt, out var afterId))
        {
            members = members.Where(u => u.CreatedAt < afterAt || (u.CreatedAt == afterAt && u.Id.CompareTo(afterId) < 0));
        }

        var page = await members
            .OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .Take(query.PageSize + 1)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.CreatedAt })
            .ToListAsync(ct);
        var more = page.Count > query.PageSize;
        page = [.. page.Take(query.PageSize)];
        var ids = page.Select(p => p.Id).ToList();
        var customers = await db.BillingCustomers.AsNoTracking().Where(c => ids.Contains(c.MemberId)).ToDictionaryAsync(c => c.MemberId, c => c.StripeCustomerId, ct);
        var subscriptions = (await db.Subscriptions.AsNoTracking().Where(s => ids.Contains(s.MemberId))
                .Select(s => new { s.MemberId, s.TierId, s.Status, s.CreatedAt }).ToListAsync(ct))
            .GroupBy(s => s.MemberId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.CreatedAt).First());
        var rows = page.Select(p => new MemberRow(p.Id, p.Email ?? string.Empty, p.DisplayName, p.CreatedAt, customers.GetValueOrDefault(p.Id),
            subscriptions.GetValueOrDefault(p.Id)?.TierId, subscriptions.GetValueOrDefault(p.Id)?.Status)).ToList();
        return new MemberPage(rows, more ? Cursor.Format(page[^1].CreatedAt, page[^1].Id) : null);
    }

    /// <summary>Every member matching <paramref name="query"/>, streamed in keyset batches for the CSV export.</summary>
    public async IAsyncEnumerable<MemberRow> ExportAsync(MemberQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var batch = query with { PageSize = 1000 };
        while (true)
        {
            var page = await SearchAsync(batch, ct);
            foreach (var row in page.Rows)
            {
                yield return row;
            }

            if (page.Next is null)
            {
                yield break;
            }

            batch = batch with { After = page.Next };
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Every payment, newest first, streamed in keyset batches for the CSV export.</summary>
    public async IAsyncEnumerable<(Payment Payment, string Email)> ExportPaymentsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        DateTimeOffset? afterAt = null;
        Guid afterId = default;
        while (true)
        {
            var payments = db.Payments.AsNoTracking();
            if (afterAt is { } at)
            {
                payments = payments.Where(p => p.CreatedAt < at || (p.CreatedAt == at && p.Id.CompareTo(afterId) < 0));
            }

            var batch = await payments.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(1000)
                .Join(db.Users, p => p.MemberId, u => u.Id, (p, u) => new { Payment = p, u.Email })
                .ToListAsync(ct);
            foreach (var item in batch)
            {
                yield return (item.Payment, item.Email ?? string.Empty);
            }

            if (batch.Count < 1000)
            {
                yield break;
            }

            (afterAt, afterId) = (batch[^1].Payment.CreatedAt, batch[^1].Payment.Id);
        }
    }

    public async Task<MemberDetail?> GetAsync(Guid memberId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == memberId, ct);
        if (user is null)
        {
            return null;
        }

        var customer = await db.BillingCustomers.AsNoTracking().Where(c => c.MemberId == memberId).Select(c => c.StripeCustomerId).SingleOrDefaultAsync(ct);
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.MemberId == memberId).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        var comps = await db.Comps.AsNoTracking().Where(c => c.MemberId == memberId).OrderByDescending(c => c.StartsAt).ToListAsync(ct);
        var bans = await db.Bans.AsNoTracking().Where(b => b.MemberId == memberId).OrderByDescending(b => b.BannedAt).ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).OrderByDescending(p => p.CreatedAt).Take(TimelinePerSource).ToListAsync(ct);
        var notices = await db.Notices.AsNoTracking().Where(n => n.MemberId == memberId).OrderByDescending(n => n.CreatedAt).Take(TimelinePerSource).ToListAsync(ct);
        var tierIds = subscriptions.Select(s => s.TierId).Concat(comps.Select(c => c.TierId)).ToHashSet();
        var tiers = await db.Tiers.AsNoTracking().Where(t => tierIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var now = await entitlements.GetAsync(memberId, ct);

        var audit = await db.AuditLog.AsNoTracking().Where(a => a.MemberId == memberId).OrderByDescending(a => a.Id).Take(TimelinePerSource).ToListAsync(ct);
        var signIns = await db.SignIns.AsNoTracking().Where(s => s.MemberId == memberId).OrderByDescending(s => s.At).Take(TimelinePerSource).ToListAsync(ct);
        var changes = await db.EntitlementChanges.AsNoTracking().Where(c => c.MemberId == memberId).OrderByDescending(c => c.Id).Take(TimelinePerSource).ToListAsync(ct);
        var deliveries = await db.PartnerDeliveries.AsNoTracking().Where(d => d.MemberId == memberId).OrderByDescending(d => d.Id).Take(TimelinePerSource).ToListAsync(ct);

        var timeline = new List<TimelineItem>();
        timeline.AddRange(subscriptions.Select(s => new TimelineItem(s.CreatedAt, "stripe", $"subscription {s.StripeSubscriptionId} created ({TierSlug(tiers, s.TierId)})")));
        timeline.AddRange(subscriptions.Where(s => s.ChangedAt > s.CreatedAt).Select(s =>
            new TimelineItem(s.ChangedAt, "stripe", $"subscription {s.StripeSubscriptionId} now {s.Status}{(s.CancelAtPeriodEnd ? ", cancels at period end" : string.Empty)}")));
        timeline.AddRange(payments.Select(p => new TimelineItem(p.PaidAt ?? p.CreatedAt, "stripe",
            $"payment {p.StripeObjectId}: {p.Status}, {p.Amount.AmountMinor / 100m:0.00} {p.Amount.Currency}{(p.AmountRefundedMinor > 0 ? $", refunded {p.AmountRefundedMinor / 100m:0.00}" : string.Empty)}")));
        timeline.AddRange(audit.Select(a => new TimelineItem(a.At, "admin",
            $"{a.Action} by {a.ActorEmail}{(a.Reason is null ? string.Empty : $": {a.Reason}")}")));
        timeline.AddRange(notices.Select(n => new TimelineItem(n.SentAt ?? n.CreatedAt, "e-mail", $"{n.Kind} e-mail {(n.SentAt is null ? "queued" : "sent")}")));
        timeline.AddRange(changes.Select(c => new TimelineItem(c.DispatchedAt ?? c.CreatedAt, "partners",
            $"entitlements changed ({c.Cause}){(c.DispatchedAt is null ? string.Empty : ", partners notified")}")));
        timeline.AddRange(deliveries.Select(d => new TimelineItem(d.DeliveredAt ?? d.CreatedAt, "partners",
            $"{d.EventType} to {d.PartnerId}: {(d.DeliveredAt is null ? $"pending after {d.Attempts} attempts" : "delivered")}")));
        timeline.AddRange(signIns.Select(s => new TimelineItem(s.At, "sign-in", $"signed in ({s.Method})")));
        return new MemberDetail(user, customer, subscriptions, now, comps, bans, payments, notices, tiers,
            [.. timeline.OrderByDescending(t => t.At)]);
    }

    private static string TierSlug(Dictionary<Guid, Tier> tiers, Guid id) => tiers.TryGetValue(id, out var tier) ? tier.Slug : id.ToString();

    private IQueryable<FanClubUser> Filter(MemberQuery query)
    {
        var members = db.Users.AsNoTracking();
        var text = query.Text?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            var prefix = EscapeLike(text) + "%";
            if (text.StartsWith("cus_", StringComparison.Ordinal))
            {
                var customers = db.BillingCustomers.Where(c => EF.Functions.Like(c.StripeCustomerId, prefix)).Select(c => c.MemberId);
                members = members.Where(u => customers.Contains(u.Id));
            }
            else if (text.Contains('@', StringComparison.Ordinal))
            {
                var email = EscapeLike(text.ToUpperInvariant()) + "%";
                members = members.Where(u => EF.Functions.Like(u.NormalizedEmail!, email));
            }
            else
            {
                var email = EscapeLike(text.ToUpperInvariant()) + "%";
                members = members.Where(u => EF.Functions.Like(u.DisplayName, prefix) || EF.Functions.Like(u.NormalizedEmail!, email));
            }
        }

        if (query.TierId is { } tierId || query.Status is not null)
        {
            var tier = query.TierId;
            var status = query.Status;
            members = members.Where(u => db.Subscriptions.Any(s => s.MemberId == u.Id
                && (tier == null || s.TierId == tier)
                && (status == null || s.Status == status)));
        }

        return members;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>The keyset cursor: the creation time (ticks) and id of the last row shown.</summary>
    private static class Cursor
    {
        public static string Format(DateTimeOffset at, Guid id) => $"{at.UtcTicks}_{id:N}";

        public static bool TryParse(string? text, out DateTimeOffset at, out Guid id)
        {
            at = default;
            id = default;
            if (text?.Split('_') is not [var ticks, var guid] || !long.TryParse(ticks, out var value) || !Guid.TryParseExact(guid, "N", out id)
                || value < DateTimeOffset.MinValue.UtcTicks || value > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }

            at = new DateTimeOffset(value, TimeSpan.Zero);
            return true;
        }
    }
}
