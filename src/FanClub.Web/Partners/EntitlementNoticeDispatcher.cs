using System.Text.Json;
using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;
using FanClub.Web.Cluster;
using FanClub.Web.Data;
using FanClub.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Partners;

/// <summary>
/// Turns entitlement changes into notices: recomputes the member's entitlements, compares them with
/// what partners were last told, calls in-process module listeners and queues a signed webhook per
/// external partner, all in one transaction that also marks the changes dispatched. Changes are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several nodes can run this side by side; a node
/// that dies mid-batch rolls back and leaves the changes to the next one. Once committed, the
/// notices go to the listeners of every node through <see cref="IEntitlementNoticeBus"/>.
/// </summary>
public sealed class EntitlementNoticeDispatcher(
    FanClubDbContext db, EntitlementReader reader, IEntitlementNoticeBus bus, TimeProvider clock)
{
    public const string GrantedEvent = "entitlements.changed";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Dispatches pending changes and clock-driven expiries; returns how many notices were produced.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await QueueExpiriesAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changes = await db.EntitlementChanges
            .FromSqlRaw("SELECT * FROM entitlement_changes WHERE DispatchedAt IS NULL ORDER BY Id LIMIT 200 FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (changes.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var partners = await db.Partners.AsNoTracking().Where(p => p.Enabled && p.WebhookUrl != null).ToListAsync(ct);
        var notices = new List<EntitlementNotice>();
        foreach (var member in changes.GroupBy(c => c.MemberId))
        {
            var changeId = member.Max(c => c.Id);
            // Another node may be dispatching a different change of the same member right now: the
            // state row is locked (and read at its latest) so only one of them reports the difference.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT IGNORE INTO member_entitlement_state (MemberId, `Keys`, Banned, LastChangeId, UpdatedAt) VALUES ({member.Key}, '', 0, 0, {now.UtcDateTime})", ct);
            var state = await db.EntitlementStates
                .FromSqlInterpolated($"SELECT * FROM member_entitlement_state WHERE MemberId = {member.Key} FOR UPDATE")
                .SingleAsync(ct);
            var entitlements = await reader.GetAsync(member.Key, ct);

            var before = state.Keys.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(EntitlementKey.Parse).ToHashSet();
            var after = entitlements.Keys.ToHashSet();
            var notice = new EntitlementNotice(changeId, member.Key,
                [.. after.Except(before).OrderBy(k => k.Value, StringComparer.Ordinal)],
                [.. before.Except(after).OrderBy(k => k.Value, StringComparer.Ordinal)],
                entitlements.Keys, entitlements.Banned, now);
            state.Keys = string.Join(' ', entitlements.Keys.Select(k => k.Value));
            state.Banned = entitlements.Banned;
            state.LastChangeId = changeId;
            state.RecheckAt = entitlements.ValidUntil;
            state.UpdatedAt = now;
            foreach (var change in member)
            {
                change.DispatchedAt = now;
            }

            if (notice.Granted.Count == 0 && notice.Revoked.Count == 0 && !entitlements.Banned)
            {
                continue;
            }

            notices.Add(notice);
            var payload = JsonSerializer.Serialize(new
            {
                type = GrantedEvent,
                timestamp = now,
                data = new
                {
                    change = changeId,
                    member = member.Key,
                    granted = notice.Granted.Select(k => k.Value),
                    revoked = notice.Revoked.Select(k => k.Value),
                    current = notice.Current.Select(k => k.Value),
                    banned = notice.Banned,
                },
            }, Json);
            foreach (var partner in partners)
            {
                db.PartnerDeliveries.Add(new PartnerDelivery
                {
                    PartnerId = partner.Id, MemberId = member.Key, ChangeId = changeId, EventType = GrantedEvent,
                    Payload = payload, CreatedAt = now, NextAttemptAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // After the commit: a listener never acts on a notice that rolled back.
        await bus.PublishAsync(notices, ct);
        return notices.Count;
    }

    /// <summary>Access that ends by the clock (grace, pass window, comp) has no event; this makes one.</summary>
    private async Task QueueExpiriesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.EntitlementStates.AsNoTracking().Where(s => s.RecheckAt != null && s.RecheckAt <= now)
            .Select(s => s.MemberId).Take(200).ToListAsync(ct);
        foreach (var memberId in due)
        {
            // Claim the recheck atomically: of two nodes seeing it due, one records the change.
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE member_entitlement_state SET RecheckAt = NULL WHERE MemberId = {memberId} AND RecheckAt IS NOT NULL AND RecheckAt <= {now.UtcDateTime}", ct);
            if (claimed == 1)
            {
                db.EntitlementChanges.Add(new EntitlementChange { MemberId = memberId, Cause = "expiry", CreatedAt = now });
            }
        }

        if (due.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }
    }
}
