using System.Net;
using FanClub.StripeSandbox.Tests.Support;
using Stripe;

namespace FanClub.StripeSandbox.Tests;

public sealed class PaymentsTests
{
    [Fact]
    public async Task Partial_then_full_refund_updates_the_charge_and_emits_charge_refunded()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync(unitAmount: 2000);
        var chargeId = await FirstChargeIdAsync(sandbox, subscription);

        var partial = await sandbox.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = chargeId, Amount = 500, Reason = "requested_by_customer" });
        var afterPartial = await sandbox.Stripe.V1.Charges.GetAsync(chargeId);
        Assert.Equal("succeeded", partial.Status);
        Assert.Equal(500, afterPartial.AmountRefunded);
        Assert.False(afterPartial.Refunded);

        var rest = await sandbox.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = afterPartial.PaymentIntentId });
        var afterFull = await sandbox.Stripe.V1.Charges.GetAsync(chargeId);
        Assert.Equal(1500, rest.Amount);
        Assert.Equal(2000, afterFull.AmountRefunded);
        Assert.True(afterFull.Refunded);

        var refunded = await sandbox.Webhooks.WaitForCountAsync(EventTypes.ChargeRefunded, 2);
        Assert.Equal(2, refunded.Count);
        Assert.Contains(refunded, e => ((Charge)e.Data.Object).Refunded);
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = chargeId, Amount = 1 }));
        Assert.Equal("invalid_request_error", tooMuch.StripeError.Type);
    }

    [Fact]
    public async Task The_dispute_helper_emits_charge_dispute_created()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync();
        var chargeId = await FirstChargeIdAsync(sandbox, subscription);

        using var response = await sandbox.Browser.PostAsync(new Uri($"/sandbox/charges/{chargeId}/dispute", UriKind.Relative), null);

        response.EnsureSuccessStatusCode();
        var created = await sandbox.Webhooks.WaitForAsync(EventTypes.ChargeDisputeCreated);
        var dispute = Assert.IsType<Dispute>(created.Data.Object);
        Assert.StartsWith("dp_", dispute.Id, StringComparison.Ordinal);
        Assert.Equal(chargeId, dispute.ChargeId);
        Assert.True((await sandbox.Stripe.V1.Charges.GetAsync(chargeId)).Disputed);
    }

    [Fact]
    public async Task Paying_an_invoice_with_a_declining_card_is_a_402_card_error_with_decline_code()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync(Sandbox.CardFailsAfterFirstCharge);
        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(32));
        var invoiceId = (await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).LatestInvoiceId;

        var error = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Invoices.PayAsync(invoiceId));

        Assert.Equal(HttpStatusCode.PaymentRequired, error.HttpStatusCode);
        Assert.Equal("card_error", error.StripeError.Type);
        Assert.Equal("card_declined", error.StripeError.Code);
        Assert.Equal("generic_decline", error.StripeError.DeclineCode);
    }

    [Fact]
    public async Task Injected_server_errors_surface_as_api_error_and_clear_after_the_count()
    {
        await using var sandbox = await Sandbox.StartAsync(maxNetworkRetries: 0);
        sandbox.Host.Faults.FailNext(1);

        var error = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Customers.ListAsync());
        var next = await sandbox.Stripe.V1.Customers.ListAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, error.HttpStatusCode);
        Assert.Equal("api_error", error.StripeError.Type);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_503_is_retried_by_stripe_net_with_the_same_idempotency_key_and_creates_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Host.Faults.FailNext(1, (int)HttpStatusCode.ServiceUnavailable);

        var customer = await sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "retry@example.com" });

        var all = await sandbox.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "retry@example.com" });
        Assert.Equal(customer.Id, Assert.Single(all.Data).Id);
    }

    private static async Task<string> FirstChargeIdAsync(Sandbox sandbox, Subscription subscription)
    {
        var invoice = await sandbox.Stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId, new InvoiceGetOptions { Expand = ["payments.data.payment.payment_intent"] });
        return invoice.Payments.Data[0].Payment.PaymentIntent.LatestChargeId;
    }
}
