using System.Net;
using FanClub.StripeSandbox.Tests.Support;
using Stripe;
using Stripe.Checkout;

namespace FanClub.StripeSandbox.Tests;

public sealed class SubscriptionLifecycleTests
{
    [Fact]
    public async Task Advancing_past_period_end_renews_with_a_paid_cycle_invoice_and_a_new_period()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync();
        var firstPeriod = subscription.Items.Data[0];

        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(32));

        var renewed = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("active", renewed.Status);
        Assert.Equal(firstPeriod.CurrentPeriodEnd, renewed.Items.Data[0].CurrentPeriodStart);
        Assert.Equal(firstPeriod.CurrentPeriodEnd.AddMonths(1), renewed.Items.Data[0].CurrentPeriodEnd);
        var invoice = renewed.LatestInvoice;
        Assert.Equal("subscription_cycle", invoice.BillingReason);
        Assert.Equal("paid", invoice.Status);
        Assert.Equal(999, invoice.AmountPaid);
        var paid = await sandbox.Webhooks.WaitForAsync(EventTypes.InvoicePaid, e => ((Invoice)e.Data.Object).BillingReason == "subscription_cycle");
        Assert.Equal(renewed.Items.Data[0].CurrentPeriodEnd, ((Invoice)paid.Data.Object).Lines.Data[0].Period.End);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionUpdated,
            e => ((Subscription)e.Data.Object).Items.Data[0].CurrentPeriodStart == firstPeriod.CurrentPeriodEnd);

        var upcoming = await sandbox.Webhooks.WaitForAsync(EventTypes.InvoiceUpcoming);
        var preview = (Invoice)upcoming.Data.Object;
        Assert.Null(preview.Id);
        Assert.Equal(subscription.Id, preview.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal(firstPeriod.CurrentPeriodEnd.AddDays(-7), upcoming.Created);
    }

    [Fact]
    public async Task A_trial_warns_three_days_ahead_then_charges_at_its_end()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync(trialDays: 14);
        Assert.Equal("trialing", subscription.Status);
        Assert.Equal(subscription.TrialEnd, subscription.Items.Data[0].CurrentPeriodEnd);
        var trialInvoice = await sandbox.Stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId);
        Assert.Equal(0, trialInvoice.AmountDue);
        Assert.Equal("paid", trialInvoice.Status);

        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(12));
        var warning = await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionTrialWillEnd);
        Assert.Equal(subscription.TrialEnd!.Value.AddDays(-3), warning.Created);

        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(3));
        var active = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("active", active.Status);
        Assert.Equal(999, active.LatestInvoice.AmountPaid);
        Assert.Equal(subscription.TrialEnd, active.Items.Data[0].CurrentPeriodStart);
    }

    [Fact]
    public async Task Card_0341_pays_once_then_renewals_fail_past_due_retry_on_schedule_and_cancel()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync(Sandbox.CardFailsAfterFirstCharge);
        Assert.Equal("active", subscription.Status);
        var periodEnd = subscription.Items.Data[0].CurrentPeriodEnd;

        await sandbox.Host.AdvanceClockAsync(periodEnd - sandbox.Host.Now.UtcDateTime + TimeSpan.FromMinutes(1));

        var pastDue = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("past_due", pastDue.Status);
        var invoice = pastDue.LatestInvoice;
        Assert.Equal("open", invoice.Status);
        Assert.Equal(1, invoice.AttemptCount);
        Assert.Equal(periodEnd.AddDays(3), invoice.NextPaymentAttempt);
        var failed = await sandbox.Webhooks.WaitForAsync(EventTypes.InvoicePaymentFailed);
        Assert.Equal(invoice.Id, ((Invoice)failed.Data.Object).Id);
        var payment = (await sandbox.Stripe.V1.InvoicePayments.ListAsync(new InvoicePaymentListOptions { Invoice = invoice.Id })).Data[0];
        var intent = await sandbox.Stripe.V1.PaymentIntents.GetAsync(payment.Payment.PaymentIntentId);
        Assert.Equal("card_declined", intent.LastPaymentError.Code);

        // Retries on day 3, 8 and 15 after the first failure; the fourth failure ends it.
        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(8));
        var retried = await sandbox.Stripe.V1.Invoices.GetAsync(invoice.Id);
        Assert.Equal(3, retried.AttemptCount);
        Assert.Equal("past_due", (await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);

        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(7));
        var canceled = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal("canceled", canceled.Status);
        Assert.Equal("payment_failed", canceled.CancellationDetails.Reason);
        var finalInvoice = await sandbox.Stripe.V1.Invoices.GetAsync(invoice.Id);
        Assert.Equal(4, finalInvoice.AttemptCount);
        Assert.Equal("uncollectible", finalInvoice.Status);
        Assert.Null(finalInvoice.NextPaymentAttempt);
        Assert.Equal(4, (await sandbox.Webhooks.WaitForCountAsync(EventTypes.InvoicePaymentFailed, 4)).Count);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionDeleted);
    }

    [Fact]
    public async Task Card_3155_stays_incomplete_until_authenticated_then_becomes_active()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var price = await sandbox.CreateMonthlyPriceAsync();
        var customer = await sandbox.CreateCustomerAsync();
        var session = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);

        using var challenge = await sandbox.PayAsync(session, Sandbox.CardNeedsAuthentication);

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        var challengePage = await challenge.Content.ReadAsStringAsync();
        Assert.Contains("Complete authentication", challengePage, StringComparison.Ordinal);
        Assert.Contains("Fail authentication", challengePage, StringComparison.Ordinal);
        var pending = await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["subscription"] });
        Assert.Equal("open", pending.Status);
        Assert.Equal("incomplete", pending.Subscription.Status);
        await sandbox.Webhooks.WaitForAsync(EventTypes.InvoicePaymentActionRequired);

        using var failedAuthentication = await sandbox.PostFormAsync($"{session.Url}/authenticate", new() { ["outcome"] = "fail" });
        Assert.Contains("unable to authenticate", await failedAuthentication.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var secondTry = await sandbox.PayAsync(session, Sandbox.CardNeedsAuthentication);
        using var authenticated = await sandbox.PostFormAsync($"{session.Url}/authenticate", new() { ["outcome"] = "complete" });

        Assert.Equal(HttpStatusCode.SeeOther, authenticated.StatusCode);
        var active = await sandbox.Stripe.V1.Subscriptions.GetAsync(pending.SubscriptionId);
        Assert.Equal("active", active.Status);
        Assert.Equal("paid", (await sandbox.Stripe.V1.Invoices.GetAsync(active.LatestInvoiceId)).Status);

        // Authenticated once, the card renews off-session without another challenge.
        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(32));
        Assert.Equal("active", (await sandbox.Stripe.V1.Subscriptions.GetAsync(active.Id)).Status);
    }

    [Fact]
    public async Task An_incomplete_subscription_expires_after_23_hours()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var price = await sandbox.CreateMonthlyPriceAsync();
        var customer = await sandbox.CreateCustomerAsync();
        var session = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);
        using var challenge = await sandbox.PayAsync(session, Sandbox.CardNeedsAuthentication);
        var subscriptionId = (await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(session.Id)).SubscriptionId;

        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(1));

        var expired = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Equal("incomplete_expired", expired.Status);
        Assert.Equal("void", (await sandbox.Stripe.V1.Invoices.GetAsync(expired.LatestInvoiceId)).Status);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionUpdated, e => ((Subscription)e.Data.Object).Status == "incomplete_expired");
    }

    [Fact]
    public async Task Cancel_at_period_end_keeps_access_until_the_period_ends_then_deletes()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync();
        var periodEnd = subscription.Items.Data[0].CurrentPeriodEnd;

        var ending = await sandbox.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        Assert.True(ending.CancelAtPeriodEnd);
        Assert.Equal(periodEnd, ending.CancelAt);
        Assert.Equal("active", ending.Status);

        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(32));

        var ended = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal("canceled", ended.Status);
        Assert.Equal(periodEnd, ended.EndedAt);
        var deleted = await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionDeleted);
        Assert.Equal(periodEnd, deleted.Created);
        var invoices = await sandbox.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id });
        Assert.Single(invoices.Data);
    }

    [Fact]
    public async Task Deleting_a_subscription_cancels_it_now()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync();

        var canceled = await sandbox.Stripe.V1.Subscriptions.CancelAsync(subscription.Id);

        Assert.Equal("canceled", canceled.Status);
        Assert.NotNull(canceled.EndedAt);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerSubscriptionDeleted);
        var defaultList = await sandbox.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = subscription.CustomerId });
        Assert.Empty(defaultList.Data);
        var all = await sandbox.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = subscription.CustomerId, Status = "all" });
        Assert.Single(all.Data);
    }

    [Fact]
    public async Task Upgrading_with_always_invoice_bills_the_prorated_difference_now()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync(unitAmount: 1000);
        var item = subscription.Items.Data[0];
        var platinum = await sandbox.CreateMonthlyPriceAsync(unitAmount: 3000, name: "Platinum");
        var halfway = (item.CurrentPeriodEnd - item.CurrentPeriodStart) / 2;
        await sandbox.Host.AdvanceClockAsync(halfway);

        var upgraded = await sandbox.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item.Id, Price = platinum.Id }],
            ProrationBehavior = "always_invoice",
            Expand = ["latest_invoice"],
        });

        Assert.Equal(platinum.Id, upgraded.Items.Data[0].Price.Id);
        Assert.Equal(item.CurrentPeriodEnd, upgraded.Items.Data[0].CurrentPeriodEnd);
        var invoice = upgraded.LatestInvoice;
        Assert.Equal("subscription_update", invoice.BillingReason);
        Assert.Equal("paid", invoice.Status);
        Assert.InRange(invoice.AmountPaid, 995, 1005);
        Assert.Equal(2, invoice.Lines.Data.Count);
        Assert.All(invoice.Lines.Data, line => Assert.True(line.Parent.SubscriptionItemDetails.Proration));
        Assert.Contains(invoice.Lines.Data, line => line.Amount < 0);
    }

    [Fact]
    public async Task Subscriptions_list_in_pages_of_limit_with_has_more()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var customer = await sandbox.CreateCustomerAsync();
        var price = await sandbox.CreateMonthlyPriceAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var session = await sandbox.CreateSubscriptionCheckoutAsync(customer.Id, price.Id);
            using var paid = await sandbox.PayAsync(session, Sandbox.CardSucceeds);
            created.Add((await sandbox.Stripe.V1.Checkout.Sessions.GetAsync(session.Id)).SubscriptionId);
        }

        var seen = new List<string>();
        var options = new SubscriptionListOptions { Customer = customer.Id, Limit = 2 };
        StripeList<Subscription> page;
        do
        {
            page = await sandbox.Stripe.V1.Subscriptions.ListAsync(options);
            seen.AddRange(page.Data.Select(s => s.Id));
            options.StartingAfter = page.Data.LastOrDefault()?.Id;
        }
        while (page.HasMore);

        Assert.Equal(Enumerable.Reverse(created), seen);
        var autoPaged = new List<string>();
        await foreach (var subscription in sandbox.Stripe.V1.Subscriptions.ListAutoPagingAsync(new SubscriptionListOptions { Customer = customer.Id, Limit = 2 }))
        {
            autoPaged.Add(subscription.Id);
        }

        Assert.Equal(seen, autoPaged);
        var backwards = await sandbox.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Limit = 2, EndingBefore = seen[^1] });
        Assert.Equal(seen[2..4], backwards.Data.Select(s => s.Id));
        Assert.True(backwards.HasMore);
    }
}
