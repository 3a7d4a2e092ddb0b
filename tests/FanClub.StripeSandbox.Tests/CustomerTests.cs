using System.Net;
using FanClub.StripeSandbox.Tests.Support;
using Stripe;

namespace FanClub.StripeSandbox.Tests;

public sealed class CustomerTests
{
    [Fact]
    public async Task Same_idempotency_key_twice_creates_one_customer()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var options = new CustomerCreateOptions { Email = "twice@example.com", Name = "Twice" };
        var request = new RequestOptions { IdempotencyKey = "member-7-customer" };

        var first = await sandbox.Stripe.V1.Customers.CreateAsync(options, request);
        var second = await sandbox.Stripe.V1.Customers.CreateAsync(options, request);

        Assert.Equal(first.Id, second.Id);
        Assert.StartsWith("cus_", first.Id, StringComparison.Ordinal);
        var listed = await sandbox.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = "twice@example.com" });
        Assert.Single(listed.Data);
        await sandbox.Webhooks.WaitForAsync(EventTypes.CustomerCreated);
        Assert.Single(await sandbox.Webhooks.WaitForCountAsync(EventTypes.CustomerCreated, 1));
    }

    [Fact]
    public async Task Same_idempotency_key_with_other_parameters_is_an_idempotency_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var request = new RequestOptions { IdempotencyKey = "reused-key" };
        await sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "a@example.com" }, request);

        var error = await Assert.ThrowsAsync<StripeException>(() =>
            sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "b@example.com" }, request));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("idempotency_error", error.StripeError.Type);
    }

    [Fact]
    public async Task Metadata_updates_merge_and_an_empty_value_removes_the_key()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var customer = await sandbox.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = "meta@example.com",
            Metadata = new() { ["member_id"] = "7", ["source"] = "web" },
        });

        var updated = await sandbox.Stripe.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions
        {
            Metadata = new() { ["source"] = "", ["tier"] = "gold" },
        });

        Assert.Equal(new Dictionary<string, string> { ["member_id"] = "7", ["tier"] = "gold" }, updated.Metadata);
        var fetched = await sandbox.Stripe.V1.Customers.GetAsync(customer.Id);
        Assert.Equal("gold", fetched.Metadata["tier"]);
    }

    [Fact]
    public async Task A_missing_customer_is_resource_missing_with_404()
    {
        await using var sandbox = await Sandbox.StartAsync();

        var error = await Assert.ThrowsAsync<StripeException>(() => sandbox.Stripe.V1.Customers.GetAsync("cus_doesnotexist"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("id", error.StripeError.Param);
        Assert.Contains("cus_doesnotexist", error.StripeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_or_missing_api_key_is_refused()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var live = new StripeClient(new StripeClientOptions { ApiKey = "sk_live_nope", ApiBase = sandbox.Host.ApiBase });

        var error = await Assert.ThrowsAsync<StripeException>(() => live.V1.Customers.ListAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
    }
}
