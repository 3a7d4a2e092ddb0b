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
    public async Task Initial_time_sets_the_sandbox_date()
    {
        var start = new DateTimeOffset(2025, 1, 31, 9, 0, 0, TimeSpan.Zero);
        await using var sandbox = await Sandbox.StartAsync(o => o.InitialTime = start);

        var subscription = await sandbox.SubscribeAsync();

        Assert.InRange(sandbox.Host.Now, start, start.AddMinutes(5));
        Assert.Equal(start.UtcDateTime.Date, subscription.Created.Date);
        // Anchored on the 31st: February ends the period on its last day, March goes back to the 31st.
        Assert.Equal(new DateTime(2025, 2, 28), subscription.Items.Data[0].CurrentPeriodEnd.Date);
        await sandbox.Host.AdvanceClockAsync(TimeSpan.FromDays(29));
        var renewed = await sandbox.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal(new DateTime(2025, 3, 31), renewed.Items.Data[0].CurrentPeriodEnd.Date);
    }

    [Fact]
    public async Task An_api_base_with_a_trailing_slash_still_reaches_the_api()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var client = new StripeClient(new StripeClientOptions { ApiKey = Sandbox.ApiKey, ApiBase = sandbox.Host.BaseAddress.ToString() });

        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "slash@example.com" });

        Assert.StartsWith("cus_", customer.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_never_answers_ends_with_the_client_timeout()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        var client = new StripeClient(new StripeClientOptions
        {
            ApiKey = Sandbox.ApiKey,
            ApiBase = sandbox.Host.ApiBase,
            HttpClient = new SystemNetHttpClient(impatient, maxNetworkRetries: 0),
        });
        sandbox.Host.Faults.TimeOutNext(1);

        await Assert.ThrowsAnyAsync<Exception>(() => client.V1.Customers.ListAsync());
        // The next request is answered; Stripe.net's own client (80 s timeout) asks, because half a
        // second is too tight for an ordinary answer while the full suite loads the machine.
        var afterwards = await sandbox.Stripe.V1.Customers.ListAsync();

        Assert.NotNull(afterwards);
        Assert.Equal(1, sandbox.Host.Faults.Injected);
    }

    [Fact]
    public void Options_refuse_a_secret_without_whsec_and_live_keys()
    {
        var errors = new StripeSandboxOptions { WebhookSecret = "nope", ApiKeys = ["sk_live_x"] }.Validate();

        Assert.Equal(2, errors.Count);
    }
}
