using FanClub.Domain.Common;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Passes;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Domain.Tests.Entitlements;

public sealed class EntitlementPolicyTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(3);
    private static readonly EntitlementKey Live = EntitlementKey.Parse("stream:live");
    private static readonly EntitlementKey Replays = EntitlementKey.Parse("stream:replays");
    private static readonly EntitlementKey Premium = EntitlementKey.Parse("chat:premium");
    private static readonly EntitlementKey Community = EntitlementKey.Parse("chat:community");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid _member = Guid.NewGuid();
    private readonly Tier _fan = NewTier("fan", 999, Community, Live);
    private readonly Tier _vip = NewTier("vip", 1999, Community, Live, Premium, Replays);

    private DateTimeOffset Now => _clock.GetUtcNow();

    private static Tier NewTier(string slug, long cents, params EntitlementKey[] keys) =>
        Tier.Create(Guid.NewGuid(), slug, new LocalizedText(slug, slug), new LocalizedText(slug, slug),
            new Money(cents, "EUR"), new Money(cents * 10, "EUR"), 0, 0, keys).Value;

    private Subscription NewSubscription(Tier tier, SubscriptionStatus status, bool cancelAtPeriodEnd = false) =>
        Subscription.Start(Guid.NewGuid(), _member, tier.Id, BillingInterval.Month,
            new SubscriptionSnapshot("sub_" + Guid.NewGuid().ToString("N")[..8], "cus_1", "price_1", status, Now, Now.AddMonths(1), cancelAtPeriodEnd, null, null), Now);

    private MemberEntitlements Evaluate(Subscription? subscription = null, Pass[]? passes = null, Comp[]? comps = null, Ban[]? bans = null) =>
        EntitlementPolicy.Evaluate(
            new EntitlementSources(_member, subscription, passes ?? [], comps ?? [], bans ?? [],
                new Dictionary<Guid, Tier> { [_fan.Id] = _fan, [_vip.Id] = _vip }),
            Now, Grace);

    private Pass NewPass(int startsInHours, int liveHours, int replayDays)
    {
        var offer = PassOffer.Create(Guid.NewGuid(), "prime", new LocalizedText("Prime", "Prime"), new Money(499, "EUR"),
            Now.AddHours(startsInHours), Now.AddHours(startsInHours + liveHours), replayDays, [Live, Replays]).Value;
        return Pass.Grant(Guid.NewGuid(), _member, offer, "cs_" + Guid.NewGuid().ToString("N"), Now);
    }

    [Fact]
    public void Nothing_grants_nothing()
    {
        var result = Evaluate();

        Assert.Empty(result.Keys);
        Assert.False(result.Banned);
        Assert.Null(result.ValidUntil);
    }

    [Fact]
    public void An_active_subscription_grants_its_tier_open_ended()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.Active);

        var result = Evaluate(subscription);

        Assert.Equal([Community, Live], result.Keys);
        Assert.All(result.Grants, g => Assert.Equal((EntitlementSource.Tier, subscription.Id, (DateTimeOffset?)null), (g.Source, g.SourceId, g.EndsAt)));
    }

    [Fact]
    public void Cancelling_at_period_end_keeps_access_until_then_and_says_so()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.Active, cancelAtPeriodEnd: true);

        var result = Evaluate(subscription);

        Assert.True(result.Has(Live));
        Assert.Equal(subscription.CurrentPeriodEnd, result.ValidUntil);
    }

    [Fact]
    public void Past_due_grants_until_grace_ends_then_nothing()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.PastDue);

        Assert.Equal(Now + Grace, Evaluate(subscription).ValidUntil);
        _clock.Advance(Grace);
        Assert.Empty(Evaluate(subscription).Keys);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Incomplete)]
    [InlineData(SubscriptionStatus.IncompleteExpired)]
    [InlineData(SubscriptionStatus.Unpaid)]
    [InlineData(SubscriptionStatus.Canceled)]
    [InlineData(SubscriptionStatus.Paused)]
    public void Subscriptions_that_are_not_paid_up_grant_nothing(SubscriptionStatus status) =>
        Assert.Empty(Evaluate(NewSubscription(_vip, status)).Keys);

    [Fact]
    public void A_refund_or_dispute_ends_tier_access_at_its_cut_off()
    {
        var subscription = NewSubscription(_vip, SubscriptionStatus.Active);
        subscription.EndAccess(AccessEndReason.Disputed, Now.AddHours(1), Now);

        Assert.Equal(Now.AddHours(1), Evaluate(subscription).ValidUntil);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(Evaluate(subscription).Keys);
    }

    [Fact]
    public void After_a_downgrade_the_paid_tier_stays_until_period_end_with_that_end_date()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.Active);
        subscription.KeepPaidTierUntil(_vip.Id, subscription.CurrentPeriodEnd, Now);

        var result = Evaluate(subscription);

        Assert.True(result.Has(Premium));
        Assert.Contains(result.Grants, g => g.Key == Premium && g.EndsAt == subscription.CurrentPeriodEnd);
        Assert.Contains(result.Grants, g => g.Key == Live && g.EndsAt is null);
        _clock.Advance(subscription.CurrentPeriodEnd - Now);
        Assert.False(Evaluate(subscription).Has(Premium));
    }

    [Fact]
    public void A_pass_grants_from_the_live_to_the_end_of_replays()
    {
        var pass = NewPass(startsInHours: 2, liveHours: 3, replayDays: 7);

        Assert.Empty(Evaluate(passes: [pass]).Keys);
        _clock.Advance(TimeSpan.FromHours(2));
        var during = Evaluate(passes: [pass]);
        Assert.Equal([Live, Replays], during.Keys);
        Assert.All(during.Grants, g => Assert.Equal((EntitlementSource.Pass, (DateTimeOffset?)pass.ValidUntil), (g.Source, g.EndsAt)));
        _clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromDays(7));
        Assert.Empty(Evaluate(passes: [pass]).Keys);
    }

    [Fact]
    public void A_revoked_pass_grants_nothing()
    {
        var pass = NewPass(startsInHours: 0, liveHours: 3, replayDays: 1);
        pass.Revoke(Now);

        Assert.Empty(Evaluate(passes: [pass]).Keys);
    }

    [Fact]
    public void A_comp_grants_its_tier_until_it_expires_or_is_revoked()
    {
        var comp = Comp.Grant(Guid.NewGuid(), _member, _vip.Id, 30, "Contest winner", Guid.NewGuid(), Now).Value;

        Assert.True(Evaluate(comps: [comp]).Has(Premium));
        Assert.Equal(Now.AddDays(30), Evaluate(comps: [comp]).ValidUntil);
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Empty(Evaluate(comps: [comp]).Keys);

        var revoked = Comp.Grant(Guid.NewGuid(), _member, _vip.Id, 30, "Mistake", Guid.NewGuid(), Now).Value;
        revoked.Revoke(Now);
        Assert.Empty(Evaluate(comps: [revoked]).Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(367)]
    public void Comps_last_one_day_to_a_year(int days) =>
        Assert.Equal("comp.days_out_of_range", Comp.Grant(Guid.NewGuid(), _member, _vip.Id, days, "x", Guid.NewGuid(), Now).Failure!.Code);

    [Fact]
    public void Every_source_is_listed_so_admins_see_each_reason()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.Active);
        var comp = Comp.Grant(Guid.NewGuid(), _member, _fan.Id, 10, "Make-good", Guid.NewGuid(), Now).Value;

        var result = Evaluate(subscription, comps: [comp]);

        Assert.Equal(2, result.Grants.Count(g => g.Key == Live));
        Assert.Equal([Community, Live], result.Keys);
        Assert.Equal(Now.AddDays(10), result.ValidUntil);
    }

    [Fact]
    public void A_ban_overrides_everything_until_lifted()
    {
        var ban = Ban.Impose(Guid.NewGuid(), _member, "Sharing", Guid.NewGuid(), Now);
        var subscription = NewSubscription(_vip, SubscriptionStatus.Active);
        var comp = Comp.Grant(Guid.NewGuid(), _member, _vip.Id, 10, "x", Guid.NewGuid(), Now).Value;
        var pass = NewPass(0, 3, 1);

        var banned = Evaluate(subscription, [pass], [comp], [ban]);
        Assert.True(banned.Banned);
        Assert.Empty(banned.Keys);

        _clock.Advance(TimeSpan.FromMinutes(1));
        ban.Lift(Now);
        Assert.Equal([Community, Premium, Live, Replays], Evaluate(subscription, [pass], [comp], [ban]).Keys);
    }

    private DateTimeOffset? NextChange(Subscription? subscription = null, Pass[]? passes = null, Comp[]? comps = null, Ban[]? bans = null) =>
        EntitlementPolicy.NextChange(
            new EntitlementSources(_member, subscription, passes ?? [], comps ?? [], bans ?? [],
                new Dictionary<Guid, Tier> { [_fan.Id] = _fan, [_vip.Id] = _vip }),
            Now, Grace);

    [Fact]
    public void Nothing_changes_by_the_clock_without_sources() => Assert.Null(NextChange());

    [Fact]
    public void A_pass_that_has_not_started_changes_the_answer_when_it_starts_then_when_it_ends()
    {
        var pass = NewPass(startsInHours: 2, liveHours: 3, replayDays: 0);
        Assert.Empty(Evaluate(passes: [pass]).Keys);

        var start = NextChange(passes: [pass]);
        Assert.Equal(pass.ValidFrom, start);
        _clock.SetUtcNow(start!.Value);
        Assert.NotEmpty(Evaluate(passes: [pass]).Keys);
        Assert.Equal(pass.ValidUntil, NextChange(passes: [pass]));
    }

    [Fact]
    public void The_earliest_instant_wins_and_past_instants_never_count()
    {
        var subscription = NewSubscription(_vip, SubscriptionStatus.Active);
        var comp = Comp.Grant(Guid.NewGuid(), _member, _fan.Id, 10, "Make-good", Guid.NewGuid(), Now).Value;
        var ban = Ban.Impose(Guid.NewGuid(), _member, "Sharing", Guid.NewGuid(), Now);

        Assert.Equal(comp.EndsAt, NextChange(subscription, comps: [comp], bans: [ban]));
        _clock.Advance(TimeSpan.FromDays(11));
        Assert.Equal(subscription.CurrentPeriodEnd, NextChange(subscription, comps: [comp], bans: [ban]));
    }

    [Fact]
    public void Past_due_changes_when_grace_ends()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.Active);
        _clock.Advance(TimeSpan.FromDays(2));
        subscription.Apply(new SubscriptionSnapshot(subscription.StripeSubscriptionId, "cus_1", "price_1", SubscriptionStatus.PastDue,
            subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, false, null, null), _fan.Id, BillingInterval.Month, Now);

        Assert.Equal(subscription.GraceEndsAt(Grace), NextChange(subscription));
        Assert.NotEmpty(Evaluate(subscription).Keys);
        _clock.SetUtcNow(subscription.GraceEndsAt(Grace)!.Value);
        Assert.Empty(Evaluate(subscription).Keys);
    }

    [Fact]
    public void The_tier_held_is_the_paying_subscriptions_else_a_comps_and_none_when_banned()
    {
        var subscription = NewSubscription(_fan, SubscriptionStatus.Active);
        var comp = Comp.Grant(Guid.NewGuid(), _member, _vip.Id, 10, "Make-good", Guid.NewGuid(), Now).Value;

        Assert.Equal(_fan.Id, Evaluate(subscription, comps: [comp]).TierId);
        Assert.Equal(_vip.Id, Evaluate(NewSubscription(_fan, SubscriptionStatus.Canceled), comps: [comp]).TierId);
        Assert.Null(Evaluate().TierId);
        Assert.Null(Evaluate(subscription, bans: [Ban.Impose(Guid.NewGuid(), _member, "Sharing", Guid.NewGuid(), Now)]).TierId);
    }
}
