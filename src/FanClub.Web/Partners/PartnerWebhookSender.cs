using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Partners;

/// <summary>
/// Delivers queued partner webhooks, signed the Standard Webhooks way: headers <c>webhook-id</c>,
/// <c>webhook-timestamp</c> and <c>webhook-signature</c> = <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>id.timestamp.body</c> with the partner's secret. For each partner and member only the oldest
/// undelivered message is eligible, so a partner sees grants and revocations in the order they
/// happened; a failed attempt backs off (5 s up to an hour) and is retried until it succeeds.
/// </summary>
public sealed partial class PartnerWebhookSender(FanClubDbContext db, IHttpClientFactory clients, TimeProvider clock, ILogger<PartnerWebhookSender> logger)
{
    public const string HttpClientName = "partner-webhooks";

    private static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
    ];

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var due = await db.PartnerDeliveries.FromSqlInterpolated($"""
            SELECT d.* FROM partner_deliveries d
            WHERE d.DeliveredAt IS NULL AND d.NextAttemptAt <= {now.UtcDateTime}
              AND NOT EXISTS (SELECT 1 FROM partner_deliveries e
                              WHERE e.PartnerId = d.PartnerId AND e.MemberId = d.MemberId AND e.DeliveredAt IS NULL AND e.Id < d.Id)
            ORDER BY d.Id LIMIT 50 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var partnerIds = due.Select(d => d.PartnerId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var delivered = 0;
        foreach (var delivery in due)
        {
            if (!partners.TryGetValue(delivery.PartnerId, out var partner) || partner.WebhookUrl is null || !partner.Enabled)
            {
                // Disabled meanwhile: keep the message, try again later.
                delivery.NextAttemptAt = now + Backoff[^1];
                continue;
            }

            delivery.Attempts++;
            var error = await PostAsync(partner, delivery, ct);
            if (error is null)
            {
                delivery.DeliveredAt = clock.GetUtcNow();
                delivery.LastError = null;
                delivered++;
            }
            else
            {
                delivery.LastError = error.Length > 500 ? error[..500] : error;
                delivery.NextAttemptAt = clock.GetUtcNow() + Backoff[Math.Min(delivery.Attempts - 1, Backoff.Length - 1)];
                LogRetry(logger, delivery.Id, partner.Id, delivery.Attempts, error);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return delivered;
    }

    /// <summary>The Standard Webhooks signature of one message.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private async Task<string?> PostAsync(PartnerAccount partner, PartnerDelivery delivery, CancellationToken ct)
    {
        var messageId = $"msg_{delivery.Id.ToString(CultureInfo.InvariantCulture)}";
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, partner.WebhookUrl)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        // Standard Webhooks allows several space-separated signatures: during a rotation's grace period
        // the message carries one per secret, so a partner checking either secret accepts it.
        request.Headers.Add("webhook-signature", string.Join(' ',
            partner.SigningSecrets(clock.GetUtcNow()).Select(secret => Sign(secret, messageId, timestamp, delivery.Payload))));
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "timeout";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner webhook {DeliveryId} to {PartnerId} failed (attempt {Attempt}): {Error}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, string partnerId, int attempt, string error);
}

/// <summary>Runs the entitlement notice dispatcher and the webhook sender every second.</summary>
public sealed partial class PartnerNotificationService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PartnerNotificationService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<EntitlementNoticeDispatcher>().DispatchAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<PartnerWebhookSender>().SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be down; nothing is lost, the next tick picks up where this one stopped.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Partner notification pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
