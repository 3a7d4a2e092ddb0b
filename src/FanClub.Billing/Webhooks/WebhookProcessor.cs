using System.Globalization;
using FanClub.Billing.Checkout;
using FanClub.Billing.Notices;
using FanClub.Billing.Persistence;
using FanClub.Billing.Subscriptions;
using Stripe;
using T = FanClub.Billing.Webhooks.StripeEventTypes;

namespace FanClub.Billing.Webhooks;

public enum WebhookOutcome
{
    Applied,
    Unchanged,
    Duplicate,
    Ignored,
}

/// <summary>
/// Applies one verified Stripe event exactly once: the inbox row and the event's effects commit
/// together, under a lock on the customer (a dispute's is found through its charge), so a duplicate
/// delivery (even a concurrent one on another node) finds the inbox row and changes nothing, and
/// two events of one customer never interleave. Each handler re-reads the object from Stripe.
/// </summary>
public sealed partial class WebhookProcessor(
    IBillingStore store,
    SubscriptionSync subscriptions,
    InvoiceSync invoices,
    ChargeReversal reversals,
    CheckoutCompletion checkouts,
    TimeProvider clock,
    ILogger<WebhookProcessor> logger)
{
    public async Task<WebhookOutcome> ProcessAsync(StripeEventEnvelope stripeEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        var customer = stripeEvent is { ObjectType: "dispute", CustomerId: null, ChargeId: { } chargeId }
            ? await reversals.CustomerOfChargeAsync(chargeId, ct)
            : stripeEvent.CustomerId;
        var lockName = "stripe:" + (customer ?? stripeEvent.Id);
        var outcome = await store.InEventTransactionAsync(lockName, new StripeInboxEntry(stripeEvent.Id, stripeEvent.Type, clock.GetUtcNow()), async token =>
        {
            var synced = await DispatchAsync(stripeEvent, token);
            await store.SaveChangesAsync(token);
            LogProcessed(logger, stripeEvent.Id, stripeEvent.Type, synced);
            return synced switch
            {
                SyncOutcome.Applied => WebhookOutcome.Applied,
                SyncOutcome.NotOurs => WebhookOutcome.Ignored,
                _ => WebhookOutcome.Unchanged,
            };
        }, WebhookOutcome.Duplicate, ct);
        if (outcome == WebhookOutcome.Duplicate)
        {
            LogDuplicate(logger, stripeEvent.Id, stripeEvent.Type);
        }

        return outcome;
    }

    /// <summary>By type and the kind of object it carries; every handler but the upcoming invoice's works from the object's id.</summary>
    private async Task<SyncOutcome> DispatchAsync(StripeEventEnvelope e, CancellationToken ct) => (e.Type, e.ObjectType, e.ObjectId) switch
    {
        (T.CheckoutCompleted or T.CheckoutAsyncSucceeded, "checkout.session", { } id) => await checkouts.CompletedAsync(id, ct),
        (T.CheckoutAsyncFailed, "checkout.session", { } id) => await checkouts.ClosedAsync(id, CheckoutStatus.Failed, ct),
        (T.CheckoutExpired, "checkout.session", { } id) => await checkouts.ClosedAsync(id, CheckoutStatus.Expired, ct),
        (T.SubscriptionCreated or T.SubscriptionUpdated or T.SubscriptionDeleted or T.SubscriptionPaused or T.SubscriptionResumed,
            "subscription", { } id) => await subscriptions.SyncAsync(id, ct),
        (T.SubscriptionTrialWillEnd, "subscription", { } id) => await TrialEndingAsync(id, ct),
        (T.InvoicePaid or T.InvoicePaymentFailed, "invoice", { } id) => await invoices.SyncAsync(id, ct),
        (T.InvoicePaymentActionRequired, "invoice", { } id) => await ActionRequiredAsync(id, ct),
        (T.InvoiceUpcoming, "invoice", _) when e.ParseFull().Data.Object is Invoice upcoming => await RenewalComingAsync(upcoming, ct),
        (T.ChargeRefunded, "charge", { } id) => await reversals.RefundedAsync(id, ct),
        (T.DisputeCreated, "dispute", _) when e.ChargeId is { } charge => await reversals.DisputedAsync(charge, ct),
        _ => SyncOutcome.NotOurs,
    };

    private async Task<SyncOutcome> TrialEndingAsync(string subscriptionId, CancellationToken ct)
    {
        var outcome = await subscriptions.SyncAsync(subscriptionId, ct);
        if (await store.FindSubscriptionAsync(subscriptionId, ct) is { TrialEnd: { } trialEnd } local)
        {
            await store.QueueNoticeAsync(new BillingNotice(local.MemberId, BillingNoticeKind.TrialEnding,
                $"trial:{subscriptionId}:{trialEnd.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
                new Dictionary<string, string> { ["trialEnd"] = trialEnd.ToString("O", CultureInfo.InvariantCulture) }), clock.GetUtcNow(), ct);
        }

        return outcome;
    }

    private async Task<SyncOutcome> ActionRequiredAsync(string invoiceId, CancellationToken ct)
    {
        await invoices.QueueActionRequiredAsync(invoiceId, ct);
        return await invoices.SyncAsync(invoiceId, ct);
    }

    /// <summary>An upcoming invoice has no id to re-read; it only tells us to warn the member about the renewal.</summary>
    private async Task<SyncOutcome> RenewalComingAsync(Invoice upcoming, CancellationToken ct)
    {
        var subscriptionId = upcoming.Parent?.SubscriptionDetails?.SubscriptionId;
        if (subscriptionId is null || await store.FindSubscriptionAsync(subscriptionId, ct) is not { IsLive: true, CancelAtPeriodEnd: false } local)
        {
            return SyncOutcome.NotOurs;
        }

        await store.QueueNoticeAsync(new BillingNotice(local.MemberId, BillingNoticeKind.RenewalComing,
            $"renewal:{subscriptionId}:{local.CurrentPeriodEnd.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}",
            new Dictionary<string, string>
            {
                ["amountMinor"] = upcoming.AmountDue.ToString(CultureInfo.InvariantCulture),
                ["currency"] = upcoming.Currency?.ToUpperInvariant() ?? string.Empty,
                ["renewsAt"] = local.CurrentPeriodEnd.ToString("O", CultureInfo.InvariantCulture),
            }), clock.GetUtcNow(), ct);
        return SyncOutcome.Applied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) already applied")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string type);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}): {Outcome}")]
    private static partial void LogProcessed(ILogger logger, string eventId, string type, SyncOutcome outcome);
}
