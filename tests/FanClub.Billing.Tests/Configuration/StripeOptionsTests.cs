using FanClub.Billing.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Tests.Configuration;

public sealed class StripeOptionsTests
{
    private static StripeOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddBilling(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<StripeOptions>>().Value;
    }

    [Fact]
    public void No_secret_key_means_sandbox_mode() =>
        Assert.Equal(PaymentMode.Sandbox, Resolve([]).Mode);

    [Theory]
    [InlineData("sk_test_123", PaymentMode.Test)]
    [InlineData("rk_test_123", PaymentMode.Test)]
    [InlineData("sk_live_123", PaymentMode.Live)]
    public void The_key_decides_test_or_live_mode(string key, PaymentMode expected) =>
        Assert.Equal(expected, Resolve(new() { ["Stripe:SecretKey"] = key, ["Stripe:WebhookSecret"] = "whsec_abc" }).Mode);

    [Fact]
    public void A_secret_key_without_a_webhook_secret_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Stripe:SecretKey"] = "sk_test_123" }));

        Assert.Contains("Stripe:WebhookSecret is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publishable_key_is_refused_as_secret_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            Resolve(new() { ["Stripe:SecretKey"] = "pk_test_123", ["Stripe:WebhookSecret"] = "whsec_abc" }));

        Assert.Contains("not a publishable key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_secret_must_be_a_signing_secret() =>
        Assert.Throws<OptionsValidationException>(() =>
            Resolve(new() { ["Stripe:SecretKey"] = "sk_test_123", ["Stripe:WebhookSecret"] = "secret" }));

    [Theory]
    [InlineData("http://api.example.com/")]
    [InlineData("relative/path")]
    public void The_api_base_must_be_https_or_loopback(string apiBase) =>
        Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Stripe:ApiBase"] = apiBase }));

    [Fact]
    public void A_loopback_api_base_is_allowed_for_tests() =>
        Assert.Equal(new Uri("http://127.0.0.1:12111/"), Resolve(new() { ["Stripe:ApiBase"] = "http://127.0.0.1:12111/" }).ApiBase);
}
