using System.Globalization;
using System.Text.Json;
using FanClub.Domain.Common;
using FanClub.Web.Data;
using FanClub.Web.Email;
using FanClub.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Billing;

/// <summary>
/// Sends queued billing e-mails in the member's language. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several nodes can run this without sending anything twice;
/// a failed send stays queued and is retried (at most 10 attempts).
/// </summary>
public sealed partial class NoticeDispatcher(
    FanClubDbContext db, IEmailSender sender, IStringLocalizer<SharedResource> text, TimeProvider clock, ILogger<NoticeDispatcher> logger)
{
    private const int MaxAttempts = 10;

    public async Task<int> DispatchPendingAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.Notices
            .FromSqlInterpolated($"SELECT * FROM notice_outbox WHERE SentAt IS NULL AND Attempts < {MaxAttempts} ORDER BY CreatedAt LIMIT 20 FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        var sent = 0;
        foreach (var notice in batch)
        {
            var member = await db.Users.AsNoTracking().Where(u => u.Id == notice.MemberId)
                .Select(u => new { u.Email, u.DisplayName, u.PreferredCulture }).SingleOrDefaultAsync(ct);
            if (member?.Email is null)
            {
                // The account was deleted meanwhile: nobody to tell.
                notice.SentAt = clock.GetUtcNow();
                notice.LastError = "member gone";
                continue;
            }

            try
            {
                notice.Attempts++;
                await sender.SendAsync(Render(notice, member.Email, member.DisplayName, member.PreferredCulture), ct);
                notice.SentAt = clock.GetUtcNow();
                sent++;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException)
            {
                notice.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                LogSendFailed(logger, notice.Id, notice.Kind, e.Message);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return sent;
    }

    private EmailMessage Render(NoticeRecord notice, string email, string name, string culture)
    {
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(notice.DataJson) ?? [];
        var previous = CultureInfo.CurrentUICulture;
        var previousFormat = CultureInfo.CurrentCulture;
        try
        {
            var language = LocalizationExtensions.Cultures.Contains(culture) ? culture : LocalizationExtensions.Cultures[0];
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(language);
            var subject = text[$"Notice.{notice.Kind}.Subject"].Value;
            var body = text[$"Notice.{notice.Kind}.Body", name, Describe(data, language), Date(data, language)].Value;
            var link = data.GetValueOrDefault("invoiceUrl");
            var textBody = string.IsNullOrEmpty(link) ? $"{body}\n\n{text["Email.Footer"]}\n" : $"{body}\n\n{link}\n\n{text["Email.Footer"]}\n";
            var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
            var htmlBody = $"<p>{encoder.Encode(body)}</p>"
                + (string.IsNullOrEmpty(link) ? string.Empty : $"<p><a href=\"{encoder.Encode(link)}\">{encoder.Encode(text["Notice.OpenInvoice"].Value)}</a></p>")
                + $"<p><small>{encoder.Encode(text["Email.Footer"].Value)}</small></p>";
            return new EmailMessage(email, subject, textBody, htmlBody);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
            CultureInfo.CurrentCulture = previousFormat;
        }
    }

    /// <summary>The amount or the thing bought, as the member reads it.</summary>
    private static string Describe(Dictionary<string, string> data, string language)
    {
        if (data.TryGetValue("amountMinor", out var amount) && data.TryGetValue("currency", out var currency) && currency.Length == 3
            && long.TryParse(amount, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minor))
        {
            return PriceFormat.Format(new Money(minor, currency), CultureInfo.GetCultureInfo(language));
        }

        return data.GetValueOrDefault(language == "fr" ? "tierFr" : "tier") ?? data.GetValueOrDefault(language == "fr" ? "passFr" : "pass") ?? string.Empty;
    }

    private static string Date(Dictionary<string, string> data, string language) =>
        (data.GetValueOrDefault("renewsAt") ?? data.GetValueOrDefault("trialEnd")) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.ToString("D", CultureInfo.GetCultureInfo(language))
            : string.Empty;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId} ({Kind}) not sent yet: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, Guid noticeId, string kind, string reason);
}

/// <summary>Runs the dispatcher every few seconds.</summary>
public sealed partial class NoticeDispatchService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NoticeDispatchService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<NoticeDispatcher>().DispatchPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be down; the next tick tries again.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice dispatch failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
