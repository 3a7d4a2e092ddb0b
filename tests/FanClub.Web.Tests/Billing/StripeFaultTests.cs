using System.Diagnostics;
using System.Net;
using FanClub.Domain.Subscriptions;
using FanClub.StripeSandbox;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// Stripe on a bad day, injected by the sandbox: 5xx answers, connections dropped after Stripe did
/// the work, slow answers and no answer at all. The member sees "try again", never an error page;
/// each retry re-sends the same idempotency key, so nothing is created twice.
/// </summary>
public sealed class StripeFaultTests(BillingFixture fixture, ITestOutputHelper output) : BillingTest(fixture)
{
    [Fact]
    public async Task Failures_beyond_the_retries_say_try_again_and_the_next_try_creates_one_customer_and_one_subscription()
    {
        var member = await MemberAsync();
        // Stripe creates the customer three times over but every answer is lost, then Checkout answers 503 three times.
        Sandbox.Faults.Add(new FaultRule("/v1/customers", FaultKind.DropAfter, Count: 3, Method: "POST"));
        Sandbox.Faults.Add(new FaultRule("/v1/checkout/sessions", FaultKind.Fail, Count: 3, Method: "POST", Status: 503));
        var tryAgain = Accounts.Text("Billing.Error.TryAgain");

        var refused = 0;
        HttpResponseMessage? started = null;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            started = await PostSubscribeAsync(member.Client);
            if (started.StatusCode == HttpStatusCode.Redirect)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            Assert.Contains(tryAgain, Html.Errors(await started.Content.ReadAsStringAsync()));
            Assert.Equal(0, await Database.CountAsync("checkouts"));
            refused++;
            started.Dispose();
        }

        using (started)
        {
            Assert.Equal(HttpStatusCode.Redirect, started!.StatusCode);
            await PayAsync(started.Headers.Location!, CardSucceeds);
        }

        await DeliverAsync();
        output.WriteLine($"{Sandbox.Faults.Injected} faults injected; the member was asked to try again {refused} times, then paid once");
        Assert.Equal(6, Sandbox.Faults.Injected);
        Assert.True(refused >= 2, $"{refused} refusals");
        var customers = await Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = member.Email });
        var customer = Assert.Single(customers.Data);
        var subscriptions = await Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Status = "all" });
        Assert.Single(subscriptions.Data);
        Assert.Equal(SubscriptionStatus.Active, (await LocalSubscriptionAsync(member.MemberId)).Status);
        Assert.Equal(1, await ReadAsync(db => db.Subscriptions.CountAsync(s => s.MemberId == member.MemberId)));
        Assert.Equal(1, await ReadAsync(db => db.Payments.CountAsync(p => p.MemberId == member.MemberId)));
    }

    [Fact]
    public async Task A_slow_stripe_is_waited_for_and_still_opens_one_checkout()
    {
        var member = await MemberAsync();
        Sandbox.Faults.Latency = TimeSpan.FromSeconds(1);

        var clock = Stopwatch.StartNew();
        using var started = await PostSubscribeAsync(member.Client);
        var took = clock.Elapsed;
        Sandbox.Faults.Latency = TimeSpan.Zero;

        output.WriteLine($"subscribe with 1 s of latency on every Stripe call took {took.TotalSeconds:0.0} s");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.True(took >= TimeSpan.FromSeconds(2), $"{took}: the latency was not applied");
        Assert.Equal(1, await Database.CountAsync("checkouts"));
        Assert.Single((await Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = member.Email })).Data);
    }

    [Fact]
    public async Task A_stripe_that_never_answers_is_given_up_on_within_the_timeout_and_nothing_is_duplicated()
    {
        var member = await MemberAsync();
        Sandbox.Faults.Add(new FaultRule("/v1/checkout/sessions", FaultKind.Timeout, Count: 1, Method: "POST"));

        var clock = Stopwatch.StartNew();
        using var first = await PostSubscribeAsync(member.Client);
        var took = clock.Elapsed;

        // Stripe.net's 15 s timeout ends the hung call; whether it then retried (same key) or gave up,
        // the member got an answer in bounded time, and a second try ends with one Checkout page.
        output.WriteLine($"a hung Stripe call answered the member after {took.TotalSeconds:0.0} s with {(int)first.StatusCode}");
        Assert.True(took < TimeSpan.FromSeconds(50), $"{took}");
        if (first.StatusCode != HttpStatusCode.Redirect)
        {
            Assert.Contains(Accounts.Text("Billing.Error.TryAgain"), Html.Errors(await first.Content.ReadAsStringAsync()));
            using var second = await PostSubscribeAsync(member.Client);
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        Assert.Equal(1, await Database.CountAsync("checkouts"));
        Assert.Single((await Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = member.Email })).Data);
    }
}
