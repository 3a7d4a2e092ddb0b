using FanClub.Domain.Common;
using FanClub.Domain.Tiers;

namespace FanClub.Domain.Tests.Tiers;

public sealed class TierTests
{
    private static readonly LocalizedText Name = new("Fan", "Fan");
    private static readonly LocalizedText Description = new("Live streams", "Les directs");

    private static Result<Tier> Create(string slug = "fan", string yearlyCurrency = "EUR", int trialDays = 0, params string[] keys) =>
        Tier.Create(Guid.NewGuid(), slug, Name, Description, new Money(999, "EUR"), new Money(9900, yearlyCurrency),
            trialDays, sortOrder: 1, keys.Select(EntitlementKey.Parse));

    [Fact]
    public void A_valid_tier_grants_its_keys_once_each()
    {
        var tier = Create("fan", "EUR", 7, "stream:live", "chat:community", "stream:live").Value;

        Assert.Equal(2, tier.Entitlements.Count);
        Assert.True(tier.Grants(EntitlementKey.Parse("stream:live")));
        Assert.False(tier.Grants(EntitlementKey.Parse("chat:premium")));
        Assert.Equal(7, tier.TrialDays);
        Assert.False(tier.IsArchived);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Gold")]
    [InlineData("gold tier")]
    [InlineData("a-very-long-slug-that-goes-past-forty-chars")]
    public void Slugs_must_be_short_lower_case_words(string slug)
    {
        var result = Create(slug);

        Assert.False(result.Succeeded);
        Assert.Equal("tier.slug_invalid", result.Failure!.Code);
    }

    [Fact]
    public void Monthly_and_yearly_prices_share_one_currency()
    {
        var result = Create(yearlyCurrency: "USD");

        Assert.Equal("tier.currency_mismatch", result.Failure!.Code);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(91)]
    public void Trials_last_zero_to_ninety_days(int days) =>
        Assert.Equal("tier.trial_out_of_range", Create(trialDays: days).Failure!.Code);

    [Fact]
    public void Archiving_takes_the_tier_off_sale()
    {
        var tier = Create().Value;

        tier.Archive();

        Assert.True(tier.IsArchived);
    }
}
