using FanClub.Billing.Subscriptions;
using FanClub.Domain.Common;
using FanClub.Web.Accounts;
using FanClub.Web.Admin.Audit;
using FanClub.Web.Billing;
using FanClub.Web.Data;
using FanClub.Web.Streams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Admin.Members;

/// <summary>What an admin action came to: done now, or already done by an earlier submission of the same form.</summary>
public enum AdminActionOutcome
{
    Done,
    AlreadyDone,
}

/// <summary>
/// The admin's actions on a member. Each goes through the same domain objects and billing use cases
/// as members' own actions (never a raw table edit), leaves an audit entry, and is safe to repeat:
/// the form's <c>requestKey</c> is claimed in <c>admin_requests</c> first, so a second submission
/// of the same form does nothing. Actions that only touch the database claim, change and audit in
/// one transaction; actions that call Stripe claim first, release the claim if Stripe refuses, and
/// pass the key on to Stripe where Stripe takes one (refunds).
/// </summary>
public sealed partial class MemberActions(
    FanClubDbContext db,
    IAuditLog audit,
    UserManager<FanClubUser> users,
    ManageSubscription subscriptions,
    ChargeReversal reversals,
    IStreamSessionRegistry streams,
    TimeProvider clock,
    ILogger<MemberActions> logger)
{
    public const string Comp = "member.comp";
    public const string Ban = "member.ban";
    public const string Unban = "member.unban";
    public const string CancelNow = "member.cancel_now";
    public const string CancelAtPeriodEnd = "member.cancel_at_period_end";
    public const string Refund = "member.refund";
    public const string ChangeTier = "member.change_tier";
    public const string Resend = "member.resend_email";

    public Task<Result<AdminActionOutcome>> CompAsync(Guid memberId, Guid tierId, int days, string reason, string requestKey, Guid adminId, CancellationToken ct) =>
        LocallyAsync(requestKey, Comp, async token =>
        {
            var tier = await db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tierId, token);
            if (tier is null || !await MemberExistsAsync(memberId, token))
            {
                return Result.Fail<AuditRecord>("admin.not_found", "No such member or tier.");
            }

            var comp = Domain.Entitlements.Comp.Grant(Guid.CreateVersion7(), memberId, tierId, days, reason, adminId, clock.GetUtcNow());
            if (!comp.Succeeded)
            {
                return Result.Fail<AuditRecord>(comp.Failure!.Code, comp.Failure.Message);
            }

            db.Comps.Add(comp.Value);
            return Result.Ok(new AuditRecord(Comp, "comp", comp.Value.Id.ToString(), memberId.ToString(), reason, null,
                new { Tier = tier.Slug, Days = days, comp.Value.StartsAt, comp.Value.EndsAt }));
        }, ct);

    /// <summary>
    /// A ban takes every entitlement away at once: the policy lets a ban override every source, the
    /// entitlement change it writes makes every cached answer stale on the next query, partners hear
    /// of it from the notice dispatcher within a second or two, open chat connections are closed by
    /// the chat module's listener, stream slots are freed, and the member's other sessions end at
    /// the next security-stamp check (within a minute).
    /// </summary>
    public async Task<Result<AdminActionOutcome>> BanAsync(Guid memberId, string reason, string requestKey, Guid adminId, CancellationToken ct)
    {
        var banned = await LocallyAsync(requestKey, Ban, async token =>
        {
            if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            {
                return Result.Fail<AuditRecord>("admin.reason_required", "Say why (at most 500 characters).");
            }

            var user = await users.FindByIdAsync(memberId.ToString());
            if (user is null)
            {
                return Result.Fail<AuditRecord>("admin.not_found", "No such member.");
            }

            if (await db.Bans.AnyAsync(b => b.MemberId == memberId && b.LiftedAt == null, token))
            {
                return Result.Fail<AuditRecord>("admin.already_banned", "This member is already banned.");
            }

            var ban = Domain.Entitlements.Ban.Impose(Guid.CreateVersion7(), memberId, reason.Trim(), adminId, clock.GetUtcNow());
            db.Bans.Add(ban);
            await users.UpdateSecurityStampAsync(user);
            return Result.Ok(new AuditRecord(Ban, "ban", ban.Id.ToString(), memberId.ToString(), reason, new { Banned = false }, new { Banned = true }));
        }, ct);

        // Once the ban is committed (a renewal from now on is refused): the member's stream slots are
        // free at once, so after an unban they start afresh rather than wait out the active window.
        if (banned.Succeeded && banned.Value == AdminActionOutcome.Done)
        {
            await streams.EndAllAsync(memberId, ct);
        }

        return banned;
    }

    public Task<Result<AdminActionOutcome>> UnbanAsync(Guid memberId, string reason, string requestKey, CancellationToken ct) =>
        LocallyAsync(requestKey, Unban, async token =>
        {
            var bans = await db.Bans.Where(b => b.MemberId == memberId && b.LiftedAt == null).ToListAsync(token);
            if (bans.Count == 0)
            {
                return Result.Fail<AuditRecord>("admin.not_banned", "This member is not banned.");
            }

            var now = clock.GetUtcNow();
            bans.ForEach(b => b.Lift(now));
            return Result.Ok(new AuditRecord(Unban, "ban", bans[0].Id.ToString(), memberId.ToString(), reason, new { Banned = true }, new { Banned = false }));
        }, ct);

    public Task<Result<AdminActionOutcome>> CancelAsync(Guid memberId, bool atPeriodEnd, string reason, string requestKey, CancellationToken ct) =>
        ThroughStripeAsync(requestKey, atPeriodEnd ? CancelAtPeriodEnd : CancelNow, async token =>
        {
            var before = await SubscriptionStateAsync(memberId, token);
            var done = atPeriodEnd
                ? await subscriptions.CancelAtPeriodEndAsync(memberId, token)
                : await subscriptions.CancelNowAsync(memberId, token);
            return done.Succeeded
                ? Result.Ok(new AuditRecord(atPeriodEnd ? CancelAtPeriodEnd : CancelNow, "subscription", before?.Id.ToString() ?? memberId.ToString(),
                    memberId.ToString(), reason, before, await SubscriptionStateAsync(memberId, token)))
                : Result.Fail<AuditRecord>(done.Failure!.Code, done.Failure.Message);
        }, ct);

    public Task<Result<AdminActionOutcome>> ChangeTierAsync(Guid memberId, Guid tierId, string reason, string requestKey, CancellationToken ct) =>
        ThroughStripeAsync(requestKey, ChangeTier, async token =>
        {
            var before = await SubscriptionStateAsync(memberId, token);
            var done = await subscriptions.SwitchTierAsync(memberId, tierId, token);
            return done.Succeeded
                ? Result.Ok(new AuditRecord(ChangeTier, "subscription", before?.Id.ToString() ?? memberId.ToString(),
                    memberId.ToString(), reason, before, await SubscriptionStateAsync(memberId, token)))
                : Result.Fail<AuditRecord>(done.Failure!.Code, done.Failure.Message);
        }, ct);

    /// <summary>Refunds one of the member's payments (by its Stripe invoice or payment id), in full when <paramref name="amountMinor"/> is null.</summary>
    public Task<Result<AdminActionOutcome>> RefundAsync(Guid memberId, string paymentStripeId, long? amountMinor, string reason, string requestKey, CancellationToken ct) =>
        ThroughStripeAsync(requestKey, Refund, async token =>
        {
            var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.StripeObjectId == paymentStripeId && p.MemberId == memberId, token);
            if (payment is null)
            {
                return Result.Fail<AuditRecord>("admin.not_found", "No such payment for this member.");
            }

            var refunded = await reversals.RefundAsync(paymentStripeId, amountMinor, "fanclub-admin-refund-" + requestKey, token);
            return refunded.Succeeded
                ? Result.Ok(new AuditRecord(Refund, "payment", paymentStripeId, memberId.ToString(), reason,
                    new { RefundedMinor = payment.AmountRefundedMinor, payment.Status },
                    new { RefundedMinor = refunded.Value, Requested = amountMinor, payment.Amount.Currency }))
                : Result.Fail<AuditRecord>(refunded.Failure!.Code, refunded.Failure.Message);
        }, ct);

    /// <summary>Sends one of the member's earlier billing e-mails (a receipt, the membership confirmation) again, as a new notice.</summary>
    public Task<Result<AdminActionOutcome>> ResendAsync(Guid memberId, Guid noticeId, string requestKey, CancellationToken ct) =>
        LocallyAsync(requestKey, Resend, async token =>
        {
            var original = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noticeId && n.MemberId == memberId, token);
            if (original is null)
            {
                return Result.Fail<AuditRecord>("admin.not_found", "No such e-mail for this member.");
            }

            var copy = new NoticeRecord
            {
                Id = Guid.CreateVersion7(),
                MemberId = memberId,
                Kind = original.Kind,
                DedupeKey = $"resend:{requestKey}",
                DataJson = original.DataJson,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Notices.Add(copy);
            return Result.Ok(new AuditRecord(Resend, "notice", original.Id.ToString(), memberId.ToString(), null, null,
                new { original.Kind, Copy = copy.Id }));
        }, ct);

    private async Task<bool> MemberExistsAsync(Guid memberId, CancellationToken ct) => await db.Users.AnyAsync(u => u.Id == memberId, ct);

    private async Task<SubscriptionState?> SubscriptionStateAsync(Guid memberId, CancellationToken ct) =>
        await db.Subscriptions.AsNoTracking()
            .Where(s => s.MemberId == memberId)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SubscriptionState(s.Id, s.TierId, s.Status.ToString(), s.CancelAtPeriodEnd, s.CurrentPeriodEnd, s.AccessEndedAt))
            .FirstOrDefaultAsync(ct);

    /// <summary>What the audit entry keeps of a subscription before and after an action.</summary>
    private sealed record SubscriptionState(Guid Id, Guid TierId, string Status, bool CancelAtPeriodEnd, DateTimeOffset CurrentPeriodEnd, DateTimeOffset? AccessEndedAt);

    /// <summary>Claim, change and audit in one transaction: all of it happens once, or none of it.</summary>
    private async Task<Result<AdminActionOutcome>> LocallyAsync(string requestKey, string action, Func<CancellationToken, Task<Result<AuditRecord>>> work, CancellationToken ct)
    {
        if (!ValidKey(requestKey))
        {
            return Result.Fail<AdminActionOutcome>("admin.request_key", "The form has expired; reload the page.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await ClaimAsync(requestKey, action, ct))
        {
            return Result.Ok(AdminActionOutcome.AlreadyDone);
        }

        var record = await work(ct);
        if (!record.Succeeded)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Result.Fail<AdminActionOutcome>(record.Failure!.Code, record.Failure.Message);
        }

        await audit.RecordAsync(record.Value, ct);
        await transaction.CommitAsync(ct);
        LogAction(logger, action, record.Value.TargetId);
        return Result.Ok(AdminActionOutcome.Done);
    }

    /// <summary>
    /// Billing use cases take the customer's lock and their own transaction, so the claim is
    /// committed first and given back if Stripe refuses, leaving the admin free to try again.
    /// </summary>
    private async Task<Result<AdminActionOutcome>> ThroughStripeAsync(string requestKey, string action, Func<CancellationToken, Task<Result<AuditRecord>>> work, CancellationToken ct)
    {
        if (!ValidKey(requestKey))
        {
            return Result.Fail<AdminActionOutcome>("admin.request_key", "The form has expired; reload the page.");
        }

        if (!await ClaimAsync(requestKey, action, ct))
        {
            return Result.Ok(AdminActionOutcome.AlreadyDone);
        }

        Result<AuditRecord> record;
        try
        {
            record = await work(ct);
        }
        catch
        {
            await ReleaseAsync(requestKey);
            throw;
        }

        if (!record.Succeeded)
        {
            await ReleaseAsync(requestKey);
            return Result.Fail<AdminActionOutcome>(record.Failure!.Code, record.Failure.Message);
        }

        await audit.RecordAsync(record.Value, ct);
        LogAction(logger, action, record.Value.TargetId);
        return Result.Ok(AdminActionOutcome.Done);
    }

    private static bool ValidKey(string key) =>
        !string.IsNullOrEmpty(key) && key.Length <= AdminRequest.KeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>
    /// INSERT IGNORE on the primary key: a concurrent second click waits on the first one's row lock
    /// and then finds it, so exactly one of them goes on.
    /// </summary>
    private async Task<bool> ClaimAsync(string key, string action, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            $"INSERT IGNORE INTO admin_requests (`Key`, Action, At) VALUES ({key}, {action}, {clock.GetUtcNow().UtcDateTime})", ct) == 1;

    private async Task ReleaseAsync(string key) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM admin_requests WHERE `Key` = {key}", CancellationToken.None);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin action {Action} on {Target}")]
    private static partial void LogAction(ILogger logger, string action, string target);
}
