using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FanClub.Billing.Webhooks;
using Stripe;

namespace FanClub.Billing.Tests.Webhooks;

public sealed class StripeSignatureTests
{
    private const string Secret = "whsec_test_secret";
    private const string Payload = "{\"id\":\"evt_1\",\"object\":\"event\"}";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Stripe's scheme written out by hand, independent of the code under test.</summary>
    private static string Header(long timestamp, string secret = Secret, string payload = Payload) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}")));

    [Fact]
    public void A_header_made_by_stripe_net_is_accepted()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.Null(StripeSignature.Check(Payload, EventUtility.GenerateSignatureHeader(Payload, Secret, now.ToUnixTimeSeconds()), Secret, now, Tolerance));
    }

    [Fact]
    public void Signatures_made_after_2038_are_still_checked()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(2_200_000_000);

        Assert.Null(StripeSignature.Check(Payload, Header(now.ToUnixTimeSeconds()), Secret, now, Tolerance));
        Assert.NotNull(StripeSignature.Check(Payload, Header(now.ToUnixTimeSeconds(), "whsec_other"), Secret, now, Tolerance));
    }

    [Fact]
    public void Any_of_several_v1_signatures_may_match_as_during_a_secret_roll()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var header = Header(now.ToUnixTimeSeconds(), "whsec_old") + ",v1=" + Header(now.ToUnixTimeSeconds()).Split("v1=")[1];

        Assert.Null(StripeSignature.Check(Payload, header, Secret, now, Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t=,v1=")]
    [InlineData("v1=abcdef")]
    [InlineData("t=1800000000")]
    [InlineData("t=1800000000,v1=zz")]
    [InlineData("t=99999999999999999999,v1=00")]
    public void Malformed_headers_are_refused_not_thrown(string? header) =>
        Assert.NotNull(StripeSignature.Check(Payload, header, Secret, DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), Tolerance));

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.NotNull(StripeSignature.Check(Payload.Replace("evt_1", "evt_2", StringComparison.Ordinal), Header(now.ToUnixTimeSeconds()), Secret, now, Tolerance));
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void The_timestamp_must_be_within_five_minutes(int ageSeconds, bool accepted)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        var result = StripeSignature.Check(Payload, Header(now.ToUnixTimeSeconds() - ageSeconds), Secret, now, Tolerance);

        Assert.Equal(accepted, result is null);
    }
}
