using System.Net;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Stripe.Checkout;

namespace FanClub.Web.Tests.Billing;

/// <summary>Subscribing through the real pages and the sandbox's hosted checkout.</summary>
public sealed class SubscribeTests(BillingFixture fixture) : BillingTest(fixture)
{
    [Fact]
    public async Task Paying_at_checkout_activates_the_membership_once_the_webhooks_arrive()
    {
        var (client, memberId, _) = await MemberAsync();

        await CheckoutAsync(client, "gold");

        // Paid but not yet told: the success page says so, and nothing is unlocked early.
        Assert.Contains("data-testid=\"membership-pending\"", await client.GetStringAsync("/billing/success"), StringComparison.Ordinal);
        Assert.Empty(await EntitlementsShownAsync(client));

        var deliveries = await DeliverAsync();
        Assert.Contains(deliveries, d => d.Type == "checkout.session.completed");

        var subscription = await LocalSubscriptionAsync(memberId);
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal(Gold.Id, subscription.TierId);
        var remote = await Stripe.V1.Subscriptions.GetAsync(subscription.StripeSubscriptionId);
        Assert.Equal(remote.Items.Data[0].CurrentPeriodEnd, subscription.CurrentPeriodEnd.UtcDateTime);
        var payment = Assert.Single(await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync()));
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(999, payment.Amount.AmountMinor);
        Assert.Equal(remote.LatestInvoiceId, payment.StripeObjectId);
        Assert.NotNull(payment.StripeChargeId);
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(memberId));
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(client));
        Assert.Contains("data-testid=\"membership-active\"", await client.GetStringAsync("/billing/success"), StringComparison.Ordinal);

        // Stripe sends again (it retries whatever it was not sure we got): nothing changes.
        foreach (var e in await ReplayAllAsync())
        {
            Assert.Equal(HttpStatusCode.OK, e);
        }

        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(memberId));
        Assert.Single(await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync()));
    }

    [Fact]
    public async Task A_double_click_opens_one_checkout_and_buys_one_subscription()
    {
        var (client, memberId, _) = await MemberAsync();
        var token = await FormTokenAsync(client, "/billing/subscribe?tier=gold");
        var fields = new Dictionary<string, string> { ["tier"] = "gold", ["Interval"] = "Month" };

        var clicks = await Task.WhenAll(
            PostWithTokenAsync(client, "/billing/subscribe?tier=gold", token, fields),
            PostWithTokenAsync(client, "/billing/subscribe?tier=gold", token, fields));

        Assert.All(clicks, c => Assert.Equal(HttpStatusCode.Redirect, c.StatusCode));
        Assert.Equal(clicks[0].Headers.Location, clicks[1].Headers.Location);
        foreach (var click in clicks)
        {
            click.Dispose();
        }

        await AssertOneCheckoutAndOneSubscriptionAsync(memberId);
    }

    [Fact]
    public async Task Two_tabs_opened_then_both_submitted_share_one_checkout()
    {
        var (client, memberId, _) = await MemberAsync();
        var fields = new Dictionary<string, string> { ["tier"] = "gold", ["Interval"] = "Month" };
        var firstTab = await FormTokenAsync(client, "/billing/subscribe?tier=gold");
        var secondTab = await FormTokenAsync(client, "/billing/subscribe?tier=gold");

        using var first = await PostWithTokenAsync(client, "/billing/subscribe?tier=gold", firstTab, fields);
        using var second = await PostWithTokenAsync(client, "/billing/subscribe?tier=gold", secondTab, fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await AssertOneCheckoutAndOneSubscriptionAsync(memberId);
    }

    [Fact]
    public async Task A_member_with_a_membership_is_refused_a_second_one_with_a_message()
    {
        var (client, memberId, _) = await SubscribedMemberAsync();

        using var again = await PostSubscribeAsync(client, "vip");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal([Accounts.Text("Billing.Error.billing.already_subscribed")], Html.FormErrors(await again.Content.ReadAsStringAsync()));
        Assert.Single(await ReadAsync(db => db.Subscriptions.Where(s => s.MemberId == memberId).ToListAsync()));
        Assert.Single((await Stripe.V1.Checkout.Sessions.ListAsync(new SessionListOptions { Limit = 100 })).Data);
    }

    /// <summary>Re-sends every event so far, as Stripe's retries would.</summary>
    private async Task<IReadOnlyList<HttpStatusCode>> ReplayAllAsync()
    {
        var all = (System.Text.Json.Nodes.JsonNode.Parse(await SandboxBrowser.GetStringAsync(new Uri("/v1/events?limit=100", UriKind.Relative)))!["data"]!)
            .AsArray().Select(e => e!.AsObject()).ToList();
        var answers = new List<HttpStatusCode>();
        foreach (var e in all)
        {
            answers.Add((await PostEventAsync(e)).Status);
        }

        return answers;
    }

    private async Task AssertOneCheckoutAndOneSubscriptionAsync(Guid memberId)
    {
        var sessions = (await Stripe.V1.Checkout.Sessions.ListAsync(new SessionListOptions { Limit = 100 })).Data;
        var session = Assert.Single(sessions);
        await PayAsync(new Uri(session.Url), CardSucceeds);
        await DeliverAsync();
        Assert.Single((await Stripe.V1.Subscriptions.ListAsync(new Stripe.SubscriptionListOptions { Status = "all" })).Data);
        Assert.Single(await ReadAsync(db => db.Subscriptions.Where(s => s.MemberId == memberId).ToListAsync()));
        Assert.Single(await ReadAsync(db => db.BillingCustomers.Where(c => c.MemberId == memberId).ToListAsync()));
    }
}
