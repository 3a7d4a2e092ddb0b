using FanClub.StripeSandbox.Tests.Support;
using Stripe;

namespace FanClub.StripeSandbox.Tests;

public sealed class WebhookTests
{
    [Fact]
    public async Task An_endpoint_failing_twice_gets_the_event_on_the_third_attempt_and_no_more()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Webhooks.FailNext(2);

        var customer = await sandbox.CreateCustomerAsync();

        var delivered = await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerCreated);
        Assert.Equal(customer.Id, ((Customer)delivered.Data.Object).Id);
        await Task.Delay(500);
        var attempts = sandbox.Host.WebhookDeliveries.Where(d => d.EventId == delivered.Id).ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.StatusCode));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.True(attempts[^1].Succeeded);
        Assert.Equal(3, sandbox.Webhooks.RequestCount);
    }

    [Fact]
    public async Task Delivery_gives_up_after_the_last_retry()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Webhooks.FailNext(100);

        await sandbox.CreateCustomerAsync();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sandbox.Host.WebhookDeliveries.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(500);
        var attempts = sandbox.Host.WebhookDeliveries;
        Assert.Equal(4, attempts.Count);
        Assert.Null(attempts[^1].NextAttemptAt);
        Assert.All(attempts, a => Assert.False(a.Succeeded));
    }

    [Fact]
    public async Task The_signature_only_verifies_with_the_right_secret()
    {
        await using var sandbox = await Sandbox.StartAsync(o => o.WebhookSecret = "whsec_not_what_the_receiver_expects");

        await sandbox.CreateCustomerAsync();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sandbox.Webhooks.Rejections.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Empty(sandbox.Webhooks.Events);
        Assert.Contains("signature", sandbox.Webhooks.Rejections[0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Events_can_be_listed_and_retrieved_like_stripe()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var since = sandbox.Host.Now.UtcDateTime.AddSeconds(-1);
        var subscription = await sandbox.SubscribeAsync();

        var paid = await sandbox.Stripe.V1.Events.ListAsync(new EventListOptions
        {
            Type = EventTypes.InvoicePaid,
            Created = new DateRangeOptions { GreaterThanOrEqual = since },
        });
        var fetched = await sandbox.Stripe.V1.Events.GetAsync(paid.Data[0].Id);

        Assert.Single(paid.Data);
        Assert.Equal(EventTypes.InvoicePaid, fetched.Type);
        Assert.Equal(subscription.LatestInvoiceId, ((Invoice)fetched.Data.Object).Id);
        Assert.False(fetched.Livemode);
        var wildcard = await sandbox.Stripe.V1.Events.ListAsync(new EventListOptions { Type = "customer.subscription.*", Limit = 100 });
        Assert.All(wildcard.Data, e => Assert.StartsWith("customer.subscription.", e.Type, StringComparison.Ordinal));
        Assert.NotEmpty(wildcard.Data);
    }

    [Fact]
    public async Task Events_from_api_calls_carry_the_request_id_and_idempotency_key()
    {
        await using var sandbox = await Sandbox.StartAsync();

        await sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "req@example.com" }, new RequestOptions { IdempotencyKey = "signup-99" });

        var created = await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerCreated);
        Assert.StartsWith("req_", created.Request.Id, StringComparison.Ordinal);
        Assert.Equal("signup-99", created.Request.IdempotencyKey);
    }
}
