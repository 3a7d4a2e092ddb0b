using FanClub.StripeSandbox.Tests.Support;
using Stripe;
using Stripe.TestHelpers;

namespace FanClub.StripeSandbox.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task State_file_keeps_customers_subscriptions_and_the_clock_across_restarts()
    {
        var statePath = Path.Combine(Path.GetTempPath(), $"stripe-sandbox-{Guid.NewGuid():N}.json");
        try
        {
            Subscription subscription;
            DateTimeOffset advancedTo;
            await using (var first = await Sandbox.StartAsync(o => o.StatePath = statePath))
            {
                subscription = await first.SubscribeAsync();
                await first.Host.AdvanceClockAsync(TimeSpan.FromDays(10));
                advancedTo = first.Host.Now;
            }

            await using var second = await Sandbox.StartAsync(o => o.StatePath = statePath);
            var customer = await second.Stripe.V1.Customers.GetAsync(subscription.CustomerId);
            var reloaded = await second.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
            Assert.Equal("fan@example.com", customer.Email);
            Assert.Equal("active", reloaded.Status);
            Assert.True(second.Host.Now >= advancedTo);
        }
        finally
        {
            System.IO.File.Delete(statePath);
        }
    }

    [Fact]
    public async Task Stripe_test_clocks_advance_the_sandbox()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = await sandbox.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = sandbox.Host.Now.UtcDateTime, Name = "renewals" });
        var subscription = await sandbox.SubscribeAsync();
        var target = subscription.Items.Data[0].CurrentPeriodEnd.AddHours(1);

        var advanced = await sandbox.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = target });

        Assert.StartsWith("clock_", clock.Id, StringComparison.Ordinal);
        Assert.Equal("ready", advanced.Status);
        Assert.Equal(target, advanced.FrozenTime);
        var renewed = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal(subscription.Items.Data[0].CurrentPeriodEnd, renewed.Items.Data[0].CurrentPeriodStart);
        var backwards = await Assert.ThrowsAsync<StripeException>(() =>
            sandbox.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = target.AddDays(-1) }));
        Assert.Equal("frozen_time", backwards.StripeError.Param);
    }

    [Fact]
    public async Task The_portal_lists_invoices_cancels_at_period_end_and_a_new_card_settles_past_due()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var subscription = await sandbox.SubscribeAsync(Sandbox.CardFailsAfterFirstCharge);
        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(32));
        Assert.Equal("past_due", (await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        var portal = await sandbox.Stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = subscription.CustomerId,
            ReturnUrl = "https://fanclub.test/account",
        });

        var page = await sandbox.Browser.GetStringAsync(new Uri(portal.Url));
        Assert.Contains("Stripe sandbox — no real money moves", page, StringComparison.Ordinal);
        Assert.Contains("Cancel subscription", page, StringComparison.Ordinal);
        Assert.Contains("Update card", page, StringComparison.Ordinal);
        Assert.Contains("https://fanclub.test/account", page, StringComparison.Ordinal);

        using var newCard = await sandbox.PostFormAsync($"{portal.Url}/card", new() { ["card_number"] = Sandbox.CardSucceeds });
        Assert.Equal("active", (await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);

        using var cancel = await sandbox.PostFormAsync($"{portal.Url}/cancel", new() { ["subscription"] = subscription.Id });
        Assert.True((await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).CancelAtPeriodEnd);
    }

    [Fact]
    public void Options_refuse_a_secret_without_whsec_and_live_keys()
    {
        var errors = new StripeSandboxOptions { WebhookSecret = "nope", ApiKeys = ["sk_live_x"] }.Validate();

        Assert.Equal(2, errors.Count);
    }
}
