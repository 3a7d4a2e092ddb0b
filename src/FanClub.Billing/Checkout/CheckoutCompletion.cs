using System.Globalization;
using FanClub.Billing.Gateway;
using FanClub.Billing.Notices;
using FanClub.Billing.Persistence;
using FanClub.Billing.Subscriptions;
using FanClub.Domain.Passes;
using FanClub.Domain.Payments;

namespace FanClub.Billing.Checkout;

/// <summary>
/// What a finished (or abandoned) Checkout means for FanClub: a subscription to sync, or a pass to
/// grant. Re-reads the session from Stripe; the event only says which one.
/// </summary>
public sealed partial class CheckoutCompletion(
    StripeGateway stripe, IBillingStore store, SubscriptionSync subscriptions, ChargeReversal reversals, TimeProvider clock,
    ILogger<CheckoutCompletion> logger)
{
    public async Task<SyncOutcome> CompletedAsync(string sessionId, CancellationToken ct)
    {
        var read = await stripe.GetCheckoutAsync(sessionId, ct);
        if (!read.Succeeded)
        {
            throw new BillingUnavailableException($"Could not read checkout session: {read.Failure!.Code}");
        }

        var session = read.Value;
        var now = clock.GetUtcNow();
        var pending = await store.FindCheckoutAsync(sessionId, ct);
        if (session.Status == "complete" && session.PaymentStatus is "paid" or "no_payment_required")
        {
            pending?.Close(CheckoutStatus.Completed, now);
        }

        if (session.Mode == "subscription")
        {
            return session.SubscriptionId is null ? SyncOutcome.Unchanged : await subscriptions.SyncAsync(session.SubscriptionId, ct);
        }

        if (session.PaymentStatus != "paid")
        {
            // Delayed payment methods: async_payment_succeeded will follow.
            return SyncOutcome.Unchanged;
        }

        return await GrantPassAsync(session, ct);
    }

    public async Task<SyncOutcome> ClosedAsync(string sessionId, CheckoutStatus status, CancellationToken ct)
    {
        var pending = await store.FindCheckoutAsync(sessionId, ct);
        if (pending is null)
        {
            return SyncOutcome.NotOurs;
        }

        pending.Close(status, clock.GetUtcNow());
        return SyncOutcome.Applied;
    }

    private async Task<SyncOutcome> GrantPassAsync(StripeCheckout session, CancellationToken ct)
    {
        if (!session.Metadata.TryGetValue(StripeGateway.MemberIdKey, out var memberText) || !Guid.TryParse(memberText, out var memberId)
            || !session.Metadata.TryGetValue(StripeGateway.PassOfferIdKey, out var offerText) || !Guid.TryParse(offerText, out var offerId)
            || await store.FindPassOfferAsync(offerId, ct) is not { } offer)
        {
            LogNotOurs(logger, session.Id);
            return SyncOutcome.NotOurs;
        }

        if (await store.FindPassBySessionAsync(session.Id, ct) is not null)
        {
            return SyncOutcome.Unchanged;
        }

        var now = clock.GetUtcNow();
        var pass = Pass.Grant(Guid.CreateVersion7(), memberId, offer, session.Id, now);
        store.Add(pass);
        var payment = Payment.Record(Guid.CreateVersion7(), memberId, PaymentKind.Pass, session.Id, offer.Price, now, now);
        payment.LinkTo(null, pass.Id);
        payment.MarkPaid(now, now);
        store.Add(payment);
        if (session.PaymentIntentId is not null && await ChargeOfAsync(session.PaymentIntentId, ct) is { } chargeId)
        {
            payment.Describe(null, "pass", chargeId);
            await store.SaveChangesAsync(ct);
            await reversals.CatchUpAsync(chargeId, ct);
        }

        await store.QueueNoticeAsync(new BillingNotice(memberId, BillingNoticeKind.PassReceipt, $"pass:{session.Id}",
            new Dictionary<string, string>
            {
                ["pass"] = offer.Name.English,
                ["passFr"] = offer.Name.French,
                ["amountMinor"] = offer.Price.AmountMinor.ToString(CultureInfo.InvariantCulture),
                ["currency"] = offer.Price.Currency,
            }), now, ct);
        return SyncOutcome.Applied;
    }

    private async Task<string?> ChargeOfAsync(string paymentIntentId, CancellationToken ct)
    {
        var charge = await stripe.GetLatestChargeAsync(paymentIntentId, ct);
        return charge.Succeeded ? charge.Value : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout session {SessionId} is not FanClub's; ignored")]
    private static partial void LogNotOurs(ILogger logger, string sessionId);
}
