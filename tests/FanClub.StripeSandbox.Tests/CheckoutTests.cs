using System.Net;
using FanClub.StripeSandbox.Tests.Support;
using Stripe;
using Stripe.Checkout;

namespace FanClub.StripeSandbox.Tests;

public sealed class CheckoutTests
{
    [Fact]
    public async Task Paying_a_subscription_checkout_with_4242_activates_the_subscription_and_sends_signed_webhooks()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var price = await sandbox.CreateMonthlyPriceAsync(unitAmount: 999);
        var customer = await sandbox.CreateCustomerAsync();
        var session = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);
        Assert.Equal("open", session.Status);
        Assert.StartsWith(sandbox.Host.BaseAddress.ToString(), session.Url, StringComparison.Ordinal);

        var page = await sandbox.Browser.GetStringAsync(new Uri(session.Url));
        Assert.Contains("Stripe sandbox — no real money moves", page, StringComparison.Ordinal);
        Assert.Contains("Card number", page, StringComparison.Ordinal);
        Assert.Contains("https://fanclub.test/join", page, StringComparison.Ordinal);

        using var paid = await sandbox.PayAsync(session, Sandbox.CardSucceeds);

        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"https://fanclub.test/welcome?session={session.Id}", paid.Headers.Location?.ToString());
        var completed = await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["subscription", "line_items"] });
        Assert.Equal("complete", completed.Status);
        Assert.Equal("paid", completed.PaymentStatus);
        Assert.Equal(price.Id, Assert.Single(completed.LineItems.Data).Price.Id);
        var subscription = completed.Subscription;
        Assert.Equal("active", subscription.Status);
        Assert.Equal("gold", subscription.Metadata["tier"]);
        var item = Assert.Single(subscription.Items.Data);
        Assert.Equal(price.Id, item.Price.Id);
        Assert.Equal(item.CurrentPeriodStart.AddMonths(1), item.CurrentPeriodEnd);

        var invoice = await sandbox.Stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId, new InvoiceGetOptions { Expand = ["payments"] });
        Assert.Equal("paid", invoice.Status);
        Assert.Equal("subscription_create", invoice.BillingReason);
        Assert.Equal(999, invoice.AmountPaid);
        Assert.Equal(subscription.Id, invoice.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal(item.CurrentPeriodEnd, Assert.Single(invoice.Lines.Data).Period.End);
        var intentId = Assert.Single(invoice.Payments.Data).Payment.PaymentIntentId;
        var intent = await sandbox.Stripe.V1.PaymentIntents.GetAsync(intentId);
        Assert.Equal("succeeded", intent.Status);
        var charge = await sandbox.Stripe.V1.Charges.GetAsync(intent.LatestChargeId);
        Assert.True(charge.Paid);
        Assert.Equal("4242", charge.PaymentMethodDetails.Card.Last4);

        var invoicePage = await sandbox.Browser.GetStringAsync(new Uri(invoice.HostedInvoiceUrl));
        Assert.Contains("status: paid", invoicePage, StringComparison.Ordinal);

        var completedEvent = await sandbox.Webhooks.WaitForAsync(EventTypes.CheckoutSessionCompleted);
        var eventSession = Assert.IsType<Session>(completedEvent.Data.Object);
        Assert.Equal("member-42", eventSession.ClientReferenceId);
        Assert.Equal("42", eventSession.Metadata["member_id"]);
        Assert.Equal(subscription.Id, eventSession.SubscriptionId);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionCreated);
        await sandbox.Webhooks.WaitForAsync(EventTypes.InvoicePaid, e => ((Invoice)e.Data.Object).Id == invoice.Id);
        var activated = await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionUpdated);
        Assert.Equal("incomplete", activated.Data.PreviousAttributes["status"]?.ToString());
        Assert.Empty(sandbox.Webhooks.Rejections);
        Assert.Equal("2026-10-28.endive", completedEvent.ApiVersion);
    }

    [Fact]
    public async Task Payment_mode_checkout_charges_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var customer = await sandbox.CreateCustomerAsync();
        var session = await sandbox.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            Customer = customer.Id,
            SuccessUrl = "https://fanclub.test/thanks",
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 2,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "eur",
                        UnitAmount = 1500,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Backstage pass" },
                    },
                },
            ],
        });
        Assert.Equal(3000, session.AmountTotal);

        using var paid = await sandbox.PayAsync(session, Sandbox.CardSucceeds);

        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        var completed = await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["payment_intent"] });
        Assert.Equal("complete", completed.Status);
        Assert.Equal("succeeded", completed.PaymentIntent.Status);
        Assert.Equal(3000, completed.PaymentIntent.AmountReceived);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CheckoutSessionCompleted);
        await sandbox.Webhooks.WaitForAsync(EventTypes.ChargeSucceeded);
    }

    [Fact]
    public async Task A_declined_card_shows_the_error_and_keeps_the_session_open()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var price = await sandbox.CreateMonthlyPriceAsync();
        var customer = await sandbox.CreateCustomerAsync();
        var session = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);

        using var declined = await sandbox.PayAsync(session, Sandbox.CardDeclined);

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Contains("Your card was declined.", await declined.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stillOpen = await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        Assert.Equal("open", stillOpen.Status);
        Assert.Null(stillOpen.SubscriptionId);

        using var retried = await sandbox.PayAsync(session, Sandbox.CardSucceeds);
        Assert.Equal(HttpStatusCode.SeeOther, retried.StatusCode);
    }

    [Fact]
    public async Task Sessions_expire_on_request_and_after_24_hours()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var price = await sandbox.CreateMonthlyPriceAsync();
        var customer = await sandbox.CreateCustomerAsync();
        var expiredNow = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);
        var leftOpen = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);

        var expired = await sandbox.Stripe.V1.Checkout.Sessions.ExpireAsync(expiredNow.Id);
        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromHours(25));

        Assert.Equal("expired", expired.Status);
        Assert.Equal("expired", (await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(leftOpen.Id)).Status);
        var events = await sandbox.Webhooks.WaitForCountAsync(EventTypes.CheckoutSessionExpired, 2);
        Assert.Equal(2, events.Count);
        var page = await sandbox.Browser.GetStringAsync(new Uri(expiredNow.Url));
        Assert.Contains("expired", page, StringComparison.Ordinal);
    }
}
