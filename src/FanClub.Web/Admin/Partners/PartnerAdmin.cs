using FanClub.Domain.Common;
using FanClub.Web.Admin.Audit;
using FanClub.Web.Data;
using FanClub.Web.Partners;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Admin.Partners;

/// <summary>An external partner as the admin list shows it: no key, no secret, and its delivery backlog.</summary>
public sealed record PartnerSummary(
    string Id, string Name, bool Enabled, string ApiKeyHint, int ApiKeyVersion, int WebhookSecretVersion, Uri? WebhookUrl,
    DateTimeOffset? PreviousSecretUntil, int Pending, int Failing);

/// <summary>One webhook delivery in the log.</summary>
public sealed record DeliveryRow(
    long Id, string PartnerId, Guid MemberId, string EventType, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt, string? LastError);

/// <summary>
/// The admin's use cases on external partners: enable or disable, rotate the API key (shown once,
/// only its hash kept) and the webhook secret (the old one keeps signing beside the new one for
/// <see cref="SecretGracePeriod"/>), and retry a webhook delivery now. Each records one audit entry when
/// it changed something; repeating a request changes nothing more.
/// </summary>
public sealed class PartnerAdmin(FanClubDbContext db, IAuditLog audit, PartnerKeyCache keys, TimeProvider clock)
{
    /// <summary>
    /// How long the previous webhook secret keeps signing after a rotation: a day for the partner to
    /// deploy the new secret while every message still verifies with the old one (Standard Webhooks
    /// sends one signature per secret in the same header).
    /// </summary>
    public static readonly TimeSpan SecretGracePeriod = TimeSpan.FromHours(24);

    public const int DeliveryPage = 50;

    public async Task<IReadOnlyList<PartnerSummary>> ListAsync(CancellationToken ct)
    {
        var backlog = await db.PartnerDeliveries.AsNoTracking().Where(d => d.DeliveredAt == null)
            .GroupBy(d => d.PartnerId)
            .Select(g => new { PartnerId = g.Key, Pending = g.Count(), Failing = g.Count(d => d.LastError != null) })
            .ToDictionaryAsync(x => x.PartnerId, ct);
        var partners = await db.Partners.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        return [.. partners.Select(p => new PartnerSummary(p.Id, p.Name, p.Enabled, p.ApiKeyHint, p.ApiKeyVersion, p.WebhookSecretVersion, p.WebhookUrl,
            p.PreviousWebhookSecretUntil > clock.GetUtcNow() ? p.PreviousWebhookSecretUntil : null,
            backlog.TryGetValue(p.Id, out var b) ? b.Pending : 0, backlog.TryGetValue(p.Id, out var f) ? f.Failing : 0))];
    }

    /// <summary>Newest first; <paramref name="before"/> is the last id of the previous page (keyset paging on the primary key).</summary>
    public async Task<IReadOnlyList<DeliveryRow>> DeliveriesAsync(string? partnerId, bool failingOnly, long? before, CancellationToken ct)
    {
        var query = db.PartnerDeliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(partnerId))
        {
            query = query.Where(d => d.PartnerId == partnerId);
        }

        if (failingOnly)
        {
            query = query.Where(d => d.DeliveredAt == null && d.LastError != null);
        }

        if (before is { } last)
        {
            query = query.Where(d => d.Id < last);
        }

        return await query.OrderByDescending(d => d.Id).Take(DeliveryPage)
            .Select(d => new DeliveryRow(d.Id, d.PartnerId, d.MemberId, d.EventType, d.CreatedAt, d.Attempts, d.NextAttemptAt, d.DeliveredAt, d.LastError))
            .ToListAsync(ct);
    }

    /// <summary>A disabled partner's API key is refused and its webhooks wait (kept, not dropped) until it is enabled again.</summary>
    public async Task<Result<bool>> SetEnabledAsync(string partnerId, bool enabled, string reason, CancellationToken ct)
    {
        var partner = await db.Partners.SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null)
        {
            return Result.Fail<bool>("partner.not_found", "There is no such partner.");
        }

        if (partner.Enabled == enabled)
        {
            return Result.Ok(false);
        }

        partner.Enabled = enabled;
        await audit.RecordAsync(new AuditRecord(enabled ? "partner.enable" : "partner.disable", "partner", partner.Id, null, reason,
            new { Enabled = !enabled }, new { Enabled = enabled }), ct);
        keys.Forget(partner.Id);
        return Result.Ok(true);
    }

    /// <summary>
    /// Replaces the API key at once (the old one stops working: a key is rotated because it may have
    /// leaked). <paramref name="expectedVersion"/> is the version the form showed; when the key has
    /// been rotated since (a double click), nothing happens and the caller gets
    /// <c>partner.already_rotated</c> instead of a second new key.
    /// </summary>
    public async Task<Result<string>> RotateApiKeyAsync(string partnerId, int expectedVersion, string reason, CancellationToken ct)
    {
        var key = PartnerAccount.NewApiKey();
        // The change and its audit entry commit together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var hash = PartnerAccount.Hash(key);
        var hint = key[^4..];
        var now = clock.GetUtcNow();
        // One conditional UPDATE: of two concurrent submits of the same form, exactly one matches the version.
        var updated = await db.Partners.Where(p => p.Id == partnerId && p.ApiKeyVersion == expectedVersion)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.ApiKeyHash, hash).SetProperty(p => p.ApiKeyHint, hint)
                .SetProperty(p => p.ApiKeyVersion, expectedVersion + 1), ct);
        if (updated == 0)
        {
            return await db.Partners.AnyAsync(p => p.Id == partnerId, ct)
                ? Result.Fail<string>("partner.already_rotated", "This key was already rotated; the new key was shown then.")
                : Result.Fail<string>("partner.not_found", "There is no such partner.");
        }

        await audit.RecordAsync(new AuditRecord("partner.rotate_api_key", "partner", partnerId, null, reason,
            new { Version = expectedVersion }, new { Version = expectedVersion + 1, Hint = hint, RotatedAt = now }), ct);
        await transaction.CommitAsync(ct);
        keys.Forget(partnerId);
        return Result.Ok(key);
    }

    /// <summary>
    /// A new webhook secret, returned to be shown once. The previous one keeps signing for
    /// <see cref="SecretGracePeriod"/>; a second rotation inside that period replaces it, so at most two
    /// secrets ever sign. Same version rule as <see cref="RotateApiKeyAsync"/>.
    /// </summary>
    public async Task<Result<string>> RotateWebhookSecretAsync(string partnerId, int expectedVersion, string reason, CancellationToken ct)
    {
        var secret = PartnerAccount.NewWebhookSecret();
        // The change and its audit entry commit together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var until = clock.GetUtcNow() + SecretGracePeriod;
        // Read, then a conditional UPDATE on what was read: the order of SET clauses is the database's
        // business, so the previous secret is written as a value, never copied column to column.
        var current = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId && p.WebhookSecretVersion == expectedVersion)
            .Select(p => p.WebhookSecret).SingleOrDefaultAsync(ct);
        var updated = current is null ? 0 : await db.Partners
            .Where(p => p.Id == partnerId && p.WebhookSecretVersion == expectedVersion && p.WebhookSecret == current)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.PreviousWebhookSecret, current)
                .SetProperty(p => p.PreviousWebhookSecretUntil, until)
                .SetProperty(p => p.WebhookSecret, secret)
                .SetProperty(p => p.WebhookSecretVersion, expectedVersion + 1), ct);
        if (updated == 0)
        {
            return await db.Partners.AnyAsync(p => p.Id == partnerId, ct)
                ? Result.Fail<string>("partner.already_rotated", "This secret was already rotated; the new secret was shown then.")
                : Result.Fail<string>("partner.not_found", "There is no such partner.");
        }

        await audit.RecordAsync(new AuditRecord("partner.rotate_webhook_secret", "partner", partnerId, null, reason,
            new { Version = expectedVersion }, new { Version = expectedVersion + 1, PreviousSignsUntil = until }), ct);
        await transaction.CommitAsync(ct);
        return Result.Ok(secret);
    }

    /// <summary>
    /// Makes an undelivered webhook due now; the sender picks it up within a second, in its turn (older
    /// messages to the same partner about the same member go first). Already due or delivered: nothing to do.
    /// </summary>
    public async Task<Result<bool>> RetryDeliveryAsync(long deliveryId, CancellationToken ct)
    {
        var delivery = await db.PartnerDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null)
        {
            return Result.Fail<bool>("partner.delivery_not_found", "There is no such delivery.");
        }

        var now = clock.GetUtcNow();
        if (delivery.DeliveredAt is not null || delivery.NextAttemptAt <= now)
        {
            return Result.Ok(false);
        }

        var before = delivery.NextAttemptAt;
        delivery.NextAttemptAt = now;
        await audit.RecordAsync(new AuditRecord("partner.retry_delivery", "partner_delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            delivery.MemberId.ToString(), null, new { NextAttemptAt = before }, new { NextAttemptAt = now }), ct);
        return Result.Ok(true);
    }
}
