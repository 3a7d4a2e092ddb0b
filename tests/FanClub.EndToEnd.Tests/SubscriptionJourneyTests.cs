using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stripe;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace FanClub.EndToEnd.Tests;

/// <summary>
/// A fan pays for a membership and lets it lapse, in a real browser against the Stripe sandbox:
/// sign up, choose Fan monthly, pay on the hosted checkout page, wait on the truthful "activating"
/// page until the webhook lands, use the members area, read the billing page (also in French),
/// cancel at period end, and lose access once Stripe's clock passes the period end.
/// </summary>
public sealed class SubscriptionJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : BrowserTest(fixture, output)
{
    private const string Password = "correct horse battery staple";
    private const string TestCard = "4242 4242 4242 4242";

    /// <summary>How long a webhook may take to change what the fan sees; the pages refresh every 3 s.</summary>
    private static readonly TimeSpan WebhookWait = TimeSpan.FromSeconds(15);

    protected override string Name => "subscription-journey";

    [Fact]
    public async Task A_fan_subscribes_through_checkout_uses_the_members_area_cancels_and_loses_access_at_period_end()
    {
        var email = $"subscriber-{Guid.NewGuid():N}@example.com";
        const string DisplayName = "Sam Subscriber";
        var main = Page.Locator("main");
        var english = CultureInfo.GetCultureInfo("en");
        var french = CultureInfo.GetCultureInfo("fr");

        await StepAsync("home", async () =>
        {
            await Page.GotoAsync("/");
            await Expect(Page.Locator("li.tier")).ToHaveCountAsync(3);
        });

        await SignUpAndLogInAsync(DisplayName, email, Password);

        await StepAsync("tiers", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "FanClub" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/"));
            await Expect(Page.Locator("li.tier[data-tier=fan]")).ToContainTextAsync("€9.99");
        });

        await StepAsync("subscribe", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Choose Fan" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/billing/subscribe"));
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Fan");
            await Page.GetByLabel("Monthly").CheckAsync();
            await Expect(Page.GetByLabel("Yearly")).Not.ToBeCheckedAsync();
        });

        await StepAsync("checkout", async () =>
        {
            await Page.GetByTestId("continue-to-payment").ClickAsync();
            await Expect(Page).ToHaveURLAsync(new Regex($"^{Regex.Escape(Fixture.Sandbox.ApiBase)}/checkout/cs_"));
            await Expect(Page.GetByRole(AriaRole.Note)).ToHaveTextAsync("Stripe sandbox — no real money moves");
            await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("1 × FanClub Fan");
            await Expect(Page.GetByRole(AriaRole.Table)).ToContainTextAsync("9.99 EUR / month");
            await Page.GetByLabel("Card number").FillAsync(TestCard);
        });

        await StepAsync("activating", async () =>
        {
            // Held, so that the page is seen before the webhook lands, as on a slow day at Stripe.
            Fixture.Webhooks.Hold();
            await Page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/billing/success"));
            await Expect(Page.GetByTestId("membership-pending")).ToContainTextAsync("Your payment went through");
            await Expect(Page.Locator("meta[http-equiv=refresh]")).ToHaveAttributeAsync("content", "3");
        });

        await StepAsync("active", async () =>
        {
            Fixture.Webhooks.Release();
            // No reload by the test: the page's own refresh must bring the news.
            await Expect(Page.GetByTestId("membership-active")).ToBeVisibleAsync(new() { Timeout = (float)WebhookWait.TotalMilliseconds });
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to the club!");
        });

        await StepAsync("members-unlocked", async () =>
        {
            await main.GetByRole(AriaRole.Link, new() { Name = "Members area" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/members"));
            await Expect(Page.GetByTestId("members-unlocked")).ToHaveTextAsync("Your Fan membership is active. Enjoy:");
            await Expect(Page.Locator("li[data-entitlement='stream:live']")).ToHaveTextAsync("Live streams");
            await Expect(Page.Locator("li[data-entitlement='chat:community']")).ToBeVisibleAsync();
            await Expect(Page.Locator("li[data-entitlement='stream:replays']")).ToHaveCountAsync(0);
        });

        var periodEnd = await CurrentPeriodEndAsync(email);

        await StepAsync("billing", async () =>
        {
            await main.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/billing"));
            await Expect(Page.GetByTestId("billing-status")).ToHaveTextAsync("Active");
            await Expect(Fact("Renews on")).ToHaveTextAsync(periodEnd.ToString("D", english));
            // The first invoice, paid, with its receipt on Stripe.
            var invoice = Page.Locator("table.table tbody tr");
            await Expect(invoice).ToHaveCountAsync(1);
            await Expect(invoice).ToContainTextAsync("€9.99");
            await Expect(invoice).ToContainTextAsync("Paid");
        });

        await StepAsync("billing-french", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/billing"));
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
            await Expect(main.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Facturation");
            await Expect(Fact("Renouvellement le")).ToHaveTextAsync(periodEnd.ToString("D", french));
            await Expect(Page.GetByTestId("cancel")).ToHaveTextAsync("Résilier à la fin de la période");
            await Expect(Page.Locator("table.table tbody tr")).ToContainTextAsync("Payée");
        });

        await StepAsync("cancelled", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Page.GetByTestId("cancel").ClickAsync();
            await Expect(Page).ToHaveURLAsync(PathIs("/billing"));
            await Expect(main.GetByRole(AriaRole.Status)).ToHaveTextAsync(
                "Your membership will end at the end of the period. You keep your access until then.");
            await Expect(Fact("Ends on")).ToHaveTextAsync(periodEnd.ToString("D", english));
            await Expect(Page.GetByTestId("resume")).ToBeVisibleAsync();
            await Expect(Page.GetByTestId("cancel")).ToHaveCountAsync(0);
        });

        await StepAsync("members-until-period-end", async () =>
        {
            await Page.GetByRole(AriaRole.Link, new() { Name = "Members area" }).ClickAsync();
            await Expect(Page.GetByTestId("members-unlocked")).ToBeVisibleAsync();
        });

        await StepAsync("members-locked", async () =>
        {
            // Past the period end on Stripe's clock: the sandbox ends the subscription and sends
            // customer.subscription.deleted; the site's own clock does not move.
            await Fixture.Sandbox.AdvanceClockAsync(periodEnd - Fixture.Sandbox.Now + TimeSpan.FromHours(1));
            await ReloadUntilVisibleAsync(Page.GetByTestId("members-locked"), WebhookWait);
            await Expect(Page.Locator("li[data-entitlement]")).ToHaveCountAsync(0);
        });

        await StepAsync("billing-ended", async () =>
        {
            await Page.GotoAsync("/billing");
            await Expect(Page.GetByTestId("billing-status")).ToHaveTextAsync(
                "You do not have a membership yet. Choose one to watch the lives and join the chat rooms.");
            await Expect(Page.GetByTestId("resume")).ToHaveCountAsync(0);
        });

        AssertBrowserHadNoProblems();
    }

    /// <summary>The value of a fact on the billing page, found by its label.</summary>
    private ILocator Fact(string label) =>
        Page.Locator("dl.facts dt").Filter(new() { HasTextRegex = new($"^{label}$") }).Locator("xpath=following-sibling::dd[1]");

    /// <summary>Stripe's word on when the fan's paid period ends, to check what the pages say against.</summary>
    private async Task<DateTimeOffset> CurrentPeriodEndAsync(string email)
    {
        var stripe = new StripeClient(new StripeClientOptions { ApiKey = "sk_test_journey_reader", ApiBase = Fixture.Sandbox.ApiBase });
        var customer = Assert.Single(await stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = email }));
        var subscription = Assert.Single(await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id }));
        return new DateTimeOffset(Assert.Single(subscription.Items.Data).CurrentPeriodEnd, TimeSpan.Zero);
    }

    /// <summary>Reloads the page, as a fan waiting for a change would, until <paramref name="locator"/> shows or time runs out.</summary>
    private async Task ReloadUntilVisibleAsync(ILocator locator, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!await locator.IsVisibleAsync())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"{locator} did not appear on {Page.Url} within {within.TotalSeconds} s.");
            }

            await Task.Delay(500);
            await Page.ReloadAsync();
        }
    }
}
