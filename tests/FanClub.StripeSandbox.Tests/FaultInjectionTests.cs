using System.Net;
using FanClub.StripeSandbox.Tests.Support;
using Stripe;

namespace FanClub.StripeSandbox.Tests;

/// <summary>Per-path faults: what each kind does to a Stripe.net call, and that other paths are untouched.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public async Task A_connection_dropped_after_the_work_is_retried_with_the_same_key_and_creates_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Host.Faults.Add(new FaultRule("/v1/customers", FaultKind.DropAfter, Count: 2, Method: "POST"));

        var customer = await sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "dropped@example.com" });

        var all = await sandbox.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "dropped@example.com" });
        Assert.Equal(customer.Id, Assert.Single(all.Data).Id);
        Assert.Equal(2, sandbox.Host.Faults.Injected);
    }

    [Fact]
    public async Task A_connection_dropped_before_the_work_leaves_nothing_behind()
    {
        await using var sandbox = await Sandbox.StartAsync(maxNetworkRetries: 0);
        sandbox.Host.Faults.Add(new FaultRule("/v1/customers", FaultKind.DropBefore, Method: "POST"));

        await Assert.ThrowsAnyAsync<Exception>(() => sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "never@example.com" }));

        Assert.Empty((await sandbox.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "never@example.com" })).Data);
    }

    [Fact]
    public async Task A_rule_touches_only_its_path_method_and_count()
    {
        await using var sandbox = await Sandbox.StartAsync(maxNetworkRetries: 0);
        sandbox.Host.Faults.Add(new FaultRule("/v1/checkout/sessions", FaultKind.Fail, Count: 2, Method: "POST", Status: 503));

        var products = await sandbox.Stripe.V1.Products.ListAsync();
        var first = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Checkout.Sessions.CreateAsync(new Stripe.Checkout.SessionCreateOptions()));
        var second = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Checkout.Sessions.CreateAsync(new Stripe.Checkout.SessionCreateOptions()));
        var third = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Checkout.Sessions.CreateAsync(new Stripe.Checkout.SessionCreateOptions()));

        Assert.NotNull(products);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.HttpStatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.HttpStatusCode);
        // The rule is used up: the third call reaches the sandbox, which refuses the empty session itself.
        Assert.Equal(HttpStatusCode.BadRequest, third.HttpStatusCode);
        Assert.Equal(2, sandbox.Host.Faults.Injected);
    }

    [Fact]
    public async Task A_delay_rule_slows_only_its_path_and_rules_are_settable_over_http()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var content = new FormUrlEncodedContent([]);
        using (var set = await sandbox.Browser.PostAsync(new Uri("/sandbox/faults?path=/v1/customers&method=GET&kind=delay&delay_ms=600&count=1", UriKind.Relative), content))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        using (var bad = await sandbox.Browser.PostAsync(new Uri("/sandbox/faults?path=/elsewhere&kind=explode", UriKind.Relative), content))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        // Once untimed: the first call through a new client pays its JIT and connection (740 ms seen on a loaded machine).
        await sandbox.Stripe.V1.Products.ListAsync();
        var fast = System.Diagnostics.Stopwatch.StartNew();
        await sandbox.Stripe.V1.Products.ListAsync();
        var productsTime = fast.Elapsed;
        var slow = System.Diagnostics.Stopwatch.StartNew();
        await sandbox.Stripe.V1.Customers.ListAsync();
        var customersTime = slow.Elapsed;

        Assert.True(customersTime >= TimeSpan.FromMilliseconds(550), $"{customersTime}");
        Assert.True(productsTime < TimeSpan.FromMilliseconds(550), $"{productsTime}");
    }
}
