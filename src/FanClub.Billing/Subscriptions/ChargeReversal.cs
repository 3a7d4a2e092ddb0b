using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Persistence;
using FanClub.Domain.Subscriptions;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Subscriptions;

/// <summary>
/// Refunds and disputes take back money, and with it the access it paid for: a full refund ends
/// access now (or at period end, by policy) and a dispute always ends it now. A partial refund is a
/// goodwill gesture and leaves access alone.
/// </summary>
public sealed partial class ChargeReversal(
    StripeGateway stripe, IBillingStore store, SubscriptionSync subscriptions, IOptions<BillingOptions> options, TimeProvider clock,
    ILogger<ChargeReversal> logger)
{
    public async Task<SyncOutcome> RefundedAsync(string chargeId, CancellationToken ct)
    {
        var charge = await ReadAsync(chargeId, ct);
        var payment = await store.FindPaymentByChargeAsync(chargeId, ct);
        if (payment is null)
        {
            return SyncOutcome.NotOurs;
        }

        var now = clock.GetUtcNow();
        if (!payment.SetRefunded(charge.AmountRefunded, now) || !payment.IsFullyRefunded)
        {
            return SyncOutcome.Unchanged;
        }

        await EndAccessAsync(payment.SubscriptionId, payment.PassId, AccessEndReason.Refunded,
            options.Value.RefundEndsAccess == RefundAccessPolicy.Immediately, ct);
        LogReversed(logger, chargeId, AccessEndReason.Refunded);
        return SyncOutcome.Applied;
    }

    /// <summary>
    /// An admin refunds a payment, in full (<paramref name="amountMinor"/> null) or in part, through
    /// Stripe, then applies the refund at once under the customer's lock, as the
    /// <c>charge.refunded</c> webhook would; that webhook then finds nothing left to do.
    /// <paramref name="idempotencyKey"/> goes to Stripe, so a repeated request refunds once.
    /// </summary>
    /// <returns>The amount refunded on the payment so far, in minor units.</returns>
    public async Task<Domain.Common.Result<long>> RefundAsync(string paymentStripeId, long? amountMinor, string idempotencyKey, CancellationToken ct)
    {
        var payment = await store.FindPaymentAsync(paymentStripeId, ct);
        if (payment is null || payment.StripeChargeId is null || payment.Status is not (Domain.Payments.PaymentStatus.Paid or Domain.Payments.PaymentStatus.PartiallyRefunded))
        {
            return Domain.Common.Result.Fail<long>("billing.not_refundable", "This payment has no charge that can be refunded.");
        }

        var left = payment.Amount.AmountMinor - payment.AmountRefundedMinor;
        if (amountMinor is { } amount && (amount < 1 || amount > left))
        {
            return Domain.Common.Result.Fail<long>("billing.refund_amount", $"A refund is between 1 and {left} (minor units).");
        }

        var customer = await store.FindCustomerIdAsync(payment.MemberId, ct);
        var chargeId = payment.StripeChargeId;
        return await store.InTransactionAsync("stripe:" + customer, async token =>
        {
            var refund = await stripe.CreateRefundAsync(chargeId, amountMinor, idempotencyKey, token);
            if (!refund.Succeeded)
            {
                return Domain.Common.Result.Fail<long>(refund.Failure!.Code, refund.Failure.Message);
            }

            await RefundedAsync(chargeId, token);
            await store.SaveChangesAsync(token);
            var refunded = await store.FindPaymentByChargeAsync(chargeId, token);
            return Domain.Common.Result.Ok(refunded?.AmountRefundedMinor ?? 0);
        }, ct);
    }

    public async Task<SyncOutcome> DisputedAsync(string chargeId, CancellationToken ct)
    {
        await ReadAsync(chargeId, ct);
        var payment = await store.FindPaymentByChargeAsync(chargeId, ct);
        if (payment is null || !payment.MarkDisputed(clock.GetUtcNow()))
        {
            return payment is null ? SyncOutcome.NotOurs : SyncOutcome.Unchanged;
        }

        await EndAccessAsync(payment.SubscriptionId, payment.PassId, AccessEndReason.Disputed, immediately: true, ct);
        LogReversed(logger, chargeId, AccessEndReason.Disputed);
        return SyncOutcome.Applied;
    }

    /// <summary>
    /// The customer whose lock a dispute must take: a dispute names only its charge, and locking on
    /// the charge let it run beside the customer's refund or first payment and lose an update.
    /// </summary>
    public async Task<string?> CustomerOfChargeAsync(string chargeId, CancellationToken ct) => (await ReadAsync(chargeId, ct)).CustomerId;

    /// <summary>
    /// For a payment just recorded: a refund or dispute whose event came first found no payment to
    /// reverse and was dropped, so the charge itself is read again. The payment must be saved already.
    /// </summary>
    public async Task CatchUpAsync(string chargeId, CancellationToken ct)
    {
        var charge = await ReadAsync(chargeId, ct);
        if (charge.AmountRefunded > 0)
        {
            await RefundedAsync(chargeId, ct);
        }

        if (charge.Disputed)
        {
            await DisputedAsync(chargeId, ct);
        }
    }

    private async Task<StripeCharge> ReadAsync(string chargeId, CancellationToken ct)
    {
        var read = await stripe.GetChargeAsync(chargeId, ct);
        return read.Succeeded ? read.Value : throw new BillingUnavailableException($"Could not read charge: {read.Failure!.Code}");
    }

    private async Task EndAccessAsync(Guid? subscriptionId, Guid? passId, AccessEndReason reason, bool immediately, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (passId is not null && await store.FindPassAsync(passId.Value, ct) is { } pass)
        {
            pass.Revoke(now);
        }

        if (subscriptionId is null || await store.FindSubscriptionByIdAsync(subscriptionId.Value, ct) is not { } subscription)
        {
            return;
        }

        subscription.EndAccess(reason, immediately ? now : subscription.CurrentPeriodEnd, now);

        // Stop billing too: nobody should be charged again for access they no longer have.
        var stopped = immediately
            ? (await stripe.CancelNowAsync(subscription.StripeSubscriptionId, ct)).Succeeded
            : (await stripe.SetCancelAtPeriodEndAsync(subscription.StripeSubscriptionId, true, ct)).Succeeded;
        if (!stopped)
        {
            throw new BillingUnavailableException("Could not stop the subscription in Stripe.");
        }

        if (immediately)
        {
            await subscriptions.QueueAccessEndedAsync(subscription, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge {ChargeId} reversed ({Reason}); access ended")]
    private static partial void LogReversed(ILogger logger, string chargeId, AccessEndReason reason);
}
