using System.Globalization;
using FanClub.Billing.Gateway;
using FanClub.Billing.Notices;
using FanClub.Billing.Persistence;
using FanClub.Domain.Payments;

namespace FanClub.Billing.Subscriptions;

/// <summary>
/// Keeps the member's ledger in step with an invoice, re-read from Stripe, and queues the mail
/// that goes with it (receipt, failed payment, action required), each once.
/// </summary>
public sealed partial class InvoiceSync(
    StripeGateway stripe, IBillingStore store, SubscriptionSync subscriptions, ChargeReversal reversals, TimeProvider clock, ILogger<InvoiceSync> logger)
{
    public async Task<SyncOutcome> SyncAsync(string invoiceId, CancellationToken ct)
    {
        var read = await stripe.GetInvoiceAsync(invoiceId, ct);
        if (!read.Succeeded)
        {
            if (read.Failure!.Code == "stripe.resource_missing")
            {
                return SyncOutcome.NotOurs;
            }

            throw new BillingUnavailableException($"Could not read invoice: {read.Failure.Code}");
        }

        var invoice = read.Value;
        // The subscription first: it is what tells us whether this invoice is FanClub's at all. It came
        // expanded with the invoice (as current as a read of its own); by id only when it did not.
        var subscriptionOutcome = (invoice.SubscriptionId, invoice.Subscription) switch
        {
            (null, _) => SyncOutcome.NotOurs,
            (_, { } remote) => await subscriptions.ApplyAsync(remote, ct),
            (var id, null) => await subscriptions.SyncAsync(id, ct),
        };
        // A subscription is recorded only for a member of ours, so the payment is that member's.
        var subscription = invoice.SubscriptionId is null ? null : await store.FindSubscriptionAsync(invoice.SubscriptionId, ct);
        if (subscription is null)
        {
            LogNotOurs(logger, invoice.Id);
            return SyncOutcome.NotOurs;
        }

        var memberId = subscription.MemberId;
        var now = clock.GetUtcNow();
        var payment = await store.FindPaymentAsync(invoice.Id, ct);
        if (payment is null)
        {
            payment = Payment.Record(Guid.CreateVersion7(), memberId, PaymentKind.Subscription, invoice.Id, invoice.AmountDue, invoice.Created, now);
            store.Add(payment);
        }

        // A refund or dispute that came before the charge was linked to a payment found nothing to
        // reverse; once linked (and saved), later ones find the payment. So the charge is read again
        // only when this event is the one that links it.
        var chargeNewlyLinked = invoice.ChargeId is not null && payment.StripeChargeId != invoice.ChargeId;
        payment.LinkTo(subscription.Id, null);
        payment.Describe(invoice.HostedInvoiceUrl, invoice.BillingReason, invoice.ChargeId);
        var data = new Dictionary<string, string>
        {
            ["amountMinor"] = invoice.AmountDue.AmountMinor.ToString(CultureInfo.InvariantCulture),
            ["currency"] = invoice.AmountDue.Currency,
            ["invoiceUrl"] = invoice.HostedInvoiceUrl ?? string.Empty,
        };

        switch (invoice.Status)
        {
            case "paid":
                if (payment.MarkPaid(invoice.PaidAt ?? now, now) && invoice.AmountPaid > 0)
                {
                    await store.QueueNoticeAsync(new BillingNotice(memberId, BillingNoticeKind.Receipt, $"receipt:{invoice.Id}", data), now, ct);
                }

                if (chargeNewlyLinked)
                {
                    await store.SaveChangesAsync(ct);
                    await reversals.CatchUpAsync(invoice.ChargeId!, ct);
                }

                break;
            case "open" when invoice.AttemptCount > 0:
                payment.MarkFailed(now);
                await store.QueueNoticeAsync(
                    new BillingNotice(memberId, BillingNoticeKind.PaymentFailed,
                        $"failed:{invoice.Id}:{invoice.AttemptCount.ToString(CultureInfo.InvariantCulture)}", data), now, ct);
                break;
            default:
                break;
        }

        return subscriptionOutcome == SyncOutcome.NotOurs ? SyncOutcome.Applied : subscriptionOutcome;
    }

    /// <summary>3-D Secure or similar: the member must act on Stripe's page; we tell them once per invoice.</summary>
    public async Task QueueActionRequiredAsync(string invoiceId, CancellationToken ct)
    {
        var read = await stripe.GetInvoiceAsync(invoiceId, ct);
        if (!read.Succeeded)
        {
            throw new BillingUnavailableException($"Could not read invoice: {read.Failure!.Code}");
        }

        var memberId = await store.FindMemberByCustomerAsync(read.Value.CustomerId, ct);
        if (memberId is null)
        {
            return;
        }

        await store.QueueNoticeAsync(new BillingNotice(memberId.Value, BillingNoticeKind.PaymentActionRequired, $"action:{invoiceId}",
            new Dictionary<string, string> { ["invoiceUrl"] = read.Value.HostedInvoiceUrl ?? string.Empty }), clock.GetUtcNow(), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId} is not FanClub's; ignored")]
    private static partial void LogNotOurs(ILogger logger, string invoiceId);
}
