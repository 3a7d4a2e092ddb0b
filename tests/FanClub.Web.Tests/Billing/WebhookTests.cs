using System.Net;
using System.Text.Json.Nodes;
using FanClub.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;

namespace FanClub.Web.Tests.Billing;

/// <summary>What <c>POST /webhooks/stripe</c> accepts, refuses and ignores, and how it copes with concurrency.</summary>
public sealed class WebhookTests(BillingFixture fixture) : BillingTest(fixture)
{
    [Fact]
    public async Task Events_about_someone_elses_customers_and_products_are_acknowledged_and_ignored()
    {
        // Another app on the same Stripe account sells its own product to its own customer.
        var product = await Stripe.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Someone else's magazine" });
        var price = await Stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, UnitAmount = 500, Currency = "eur", Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        var customer = await Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "reader@example.com" });
        var session = await Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription", Customer = customer.Id, SuccessUrl = "https://elsewhere.test/ok", CancelUrl = "https://elsewhere.test/no",
            LineItems = [new SessionLineItemOptions { Price = price.Id, Quantity = 1 }],
        });
        await PayAsync(new Uri(session.Url), CardSucceeds);
        var subscriptionId = (await Stripe.V1.Checkout.Sessions.GetAsync(session.Id)).SubscriptionId;
        var invoice = (await Stripe.V1.Subscriptions.GetAsync(subscriptionId)).LatestInvoiceId;
        await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = (await ChargeOfInvoiceAsync(invoice)).Id });

        var deliveries = await DeliverAsync();

        Assert.Contains(deliveries, d => d.Type == "invoice.paid");
        Assert.Contains(deliveries, d => d.Type == "charge.refunded");
        Assert.Equal(0, await Database.CountAsync("subscriptions"));
        Assert.Equal(0, await Database.CountAsync("payments"));
        Assert.Equal(0, await Database.CountAsync("notice_outbox"));
        Assert.Equal("active", (await Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Status);
        Assert.Equal(deliveries.Select(d => d.EventId).Order(StringComparer.Ordinal), (await InboxAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_live_event_in_test_mode_and_a_test_event_in_live_mode_are_refused_and_nothing_is_recorded()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var events = await NewEventsAsync();

        foreach (var e in events)
        {
            var live = e.DeepClone().AsObject();
            live["livemode"] = true;
            Assert.Equal(HttpStatusCode.BadRequest, (await PostEventAsync(live)).Status);
        }

        var liveHost = BillingFixture.CreateHost(Database, Fixture.Router, "sk_live_fanclub_billing", new Uri("https://api.stripe.invalid/"));
        await using (liveHost)
        {
            using var client = liveHost.CreateClient();
            foreach (var e in events)
            {
                var json = e.ToJsonString();
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/stripe", UriKind.Relative))
                {
                    Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(json, liveHost.Clock.GetUtcNow(), BillingFixture.WebhookSecret));
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }
        }

        await AssertNothingRecordedAsync(member.MemberId);
    }

    [Fact]
    public async Task An_event_written_for_another_api_version_is_refused_and_nothing_is_recorded()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);

        foreach (var e in await NewEventsAsync())
        {
            var old = e.DeepClone().AsObject();
            old["api_version"] = "2024-06-20";
            Assert.Equal(HttpStatusCode.BadRequest, (await PostEventAsync(old)).Status);
        }

        await AssertNothingRecordedAsync(member.MemberId);
    }

    [Fact]
    public async Task Forged_tampered_missing_and_stale_signatures_are_refused_and_nothing_is_recorded()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var events = await NewEventsAsync();
        Assert.NotEmpty(events);

        foreach (var e in events)
        {
            var json = e.ToJsonString();
            var tampered = json.Replace("\"livemode\":false", "\"livemode\":false ", StringComparison.Ordinal);
            Assert.NotEqual(json, tampered);
            await AssertRefusedAsync(json, Sign(json, AppNow, "whsec_someone_else"));
            await AssertRefusedAsync(tampered, Sign(json));
            await AssertRefusedAsync(json, null);
            await AssertRefusedAsync(json, "t=,v1=");
            await AssertRefusedAsync(json, Sign(json, AppNow - TimeSpan.FromSeconds(301), BillingFixture.WebhookSecret));
        }

        await AssertNothingRecordedAsync(member.MemberId);

        // Four minutes late is within Stripe's tolerance: the same events, honestly signed, are applied.
        foreach (var e in events)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostEventAsync(e, json => Sign(json, AppNow - TimeSpan.FromMinutes(4), BillingFixture.WebhookSecret))).Status);
        }

        Assert.Equal(SubscriptionStatus.Active, (await LocalSubscriptionAsync(member.MemberId)).Status);
    }

    [Fact]
    public async Task The_same_events_delivered_concurrently_are_each_applied_once()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var events = await NewEventsAsync();

        // Every event three times, all at once, as several Stripe retries racing over several app nodes would.
        var deliveries = await Task.WhenAll(events.SelectMany(e => Enumerable.Repeat(e, 3)).Select(e => PostEventAsync(e)));

        Assert.All(deliveries, d => Assert.Equal(HttpStatusCode.OK, d.Status));
        await AssertAppliedOnceAsync(member.MemberId, events);

        // And one event on two requests at the very same moment, again.
        var paid = events.First(e => (string)e["type"]! == "invoice.paid");
        var pair = await Task.WhenAll(PostEventAsync(paid), PostEventAsync(paid));
        Assert.All(pair, d => Assert.Equal(HttpStatusCode.OK, d.Status));
        await AssertAppliedOnceAsync(member.MemberId, events);
    }

    private async Task AssertAppliedOnceAsync(Guid memberId, IReadOnlyList<JsonObject> events)
    {
        var inbox = await ReadAsync(db => db.StripeInbox.AsNoTracking().ToListAsync());
        Assert.Equal(events.Select(e => (string)e["id"]!).Order(StringComparer.Ordinal), inbox.Select(e => e.EventId).Order(StringComparer.Ordinal));
        Assert.Single(await ReadAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.MemberId == memberId).ToListAsync()));
        Assert.Single(await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync()));
        Assert.Equal(["Receipt", "Welcome"], await NoticeKindsAsync(memberId));
    }

    private async Task AssertRefusedAsync(string json, string? signature)
    {
        using var response = await PostWebhookAsync(json, signature);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task AssertNothingRecordedAsync(Guid memberId)
    {
        Assert.Empty(await InboxAsync());
        Assert.Empty(await ReadAsync(db => db.Subscriptions.AsNoTracking().Where(s => s.MemberId == memberId).ToListAsync()));
        Assert.Empty(await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync()));
        Assert.Empty(await NoticesAsync(memberId));
    }
}
