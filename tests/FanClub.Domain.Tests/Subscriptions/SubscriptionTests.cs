using FanClub.Domain.Subscriptions;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Domain.Tests.Subscriptions;

public sealed class SubscriptionTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromDays(3);
    private static readonly Guid Tier = Guid.NewGuid();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    private static SubscriptionSnapshot Snapshot(SubscriptionStatus status, bool cancelAtPeriodEnd = false, string price = "price_fan_month")
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        return new SubscriptionSnapshot("sub_1", "cus_1", price, status, start, start.AddMonths(1), cancelAtPeriodEnd, null, null);
    }

    private Subscription Start(SubscriptionStatus status) =>
        Subscription.Start(Guid.NewGuid(), Guid.NewGuid(), Tier, BillingInterval.Month, Snapshot(status), _clock.GetUtcNow());

    [Theory]
    [InlineData(SubscriptionStatus.Active, true)]
    [InlineData(SubscriptionStatus.Trialing, true)]
    [InlineData(SubscriptionStatus.PastDue, true)]
    [InlineData(SubscriptionStatus.Incomplete, false)]
    [InlineData(SubscriptionStatus.IncompleteExpired, false)]
    [InlineData(SubscriptionStatus.Unpaid, false)]
    [InlineData(SubscriptionStatus.Canceled, false)]
    [InlineData(SubscriptionStatus.Paused, false)]
    public void Access_follows_the_status(SubscriptionStatus status, bool granted) =>
        Assert.Equal(granted, Start(status).GrantsAccess(_clock.GetUtcNow(), Grace));

    [Fact]
    public void A_past_due_member_keeps_access_for_the_grace_period_then_loses_it()
    {
        var subscription = Start(SubscriptionStatus.Active);
        _clock.Advance(TimeSpan.FromDays(30));
        subscription.Apply(Snapshot(SubscriptionStatus.PastDue), Tier, BillingInterval.Month, _clock.GetUtcNow());
        var fellPastDue = _clock.GetUtcNow();

        _clock.Advance(Grace - TimeSpan.FromSeconds(1));
        Assert.True(subscription.GrantsAccess(_clock.GetUtcNow(), Grace));
        Assert.Equal(fellPastDue + Grace, subscription.GraceEndsAt(Grace));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(subscription.GrantsAccess(_clock.GetUtcNow(), Grace));
    }

    [Fact]
    public void A_repeated_past_due_snapshot_does_not_restart_the_grace_period()
    {
        var subscription = Start(SubscriptionStatus.Active);
        subscription.Apply(Snapshot(SubscriptionStatus.PastDue), Tier, BillingInterval.Month, _clock.GetUtcNow());
        var since = subscription.PastDueSince;

        _clock.Advance(TimeSpan.FromDays(2));
        subscription.Apply(Snapshot(SubscriptionStatus.PastDue, cancelAtPeriodEnd: true), Tier, BillingInterval.Month, _clock.GetUtcNow());

        Assert.Equal(since, subscription.PastDueSince);
    }

    [Fact]
    public void Recovering_from_past_due_clears_the_grace_clock()
    {
        var subscription = Start(SubscriptionStatus.PastDue);
        _clock.Advance(TimeSpan.FromDays(10));
        Assert.False(subscription.GrantsAccess(_clock.GetUtcNow(), Grace));

        subscription.Apply(Snapshot(SubscriptionStatus.Active), Tier, BillingInterval.Month, _clock.GetUtcNow());

        Assert.Null(subscription.PastDueSince);
        Assert.True(subscription.GrantsAccess(_clock.GetUtcNow(), Grace));
    }

    [Theory]
    [InlineData(SubscriptionStatus.Canceled, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Canceled, SubscriptionStatus.PastDue)]
    [InlineData(SubscriptionStatus.IncompleteExpired, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Incomplete)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.IncompleteExpired)]
    public void Transitions_stripe_never_makes_are_refused_and_change_nothing(SubscriptionStatus from, SubscriptionStatus to)
    {
        var subscription = Start(from);
        var changedAt = subscription.ChangedAt;
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = subscription.Apply(Snapshot(to), Tier, BillingInterval.Month, _clock.GetUtcNow());

        Assert.False(result.Succeeded);
        Assert.Equal("subscription.transition_refused", result.Failure!.Code);
        Assert.Equal(from, subscription.Status);
        Assert.Equal(changedAt, subscription.ChangedAt);
    }

    [Theory]
    [InlineData(SubscriptionStatus.Incomplete, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Incomplete, SubscriptionStatus.IncompleteExpired)]
    [InlineData(SubscriptionStatus.Trialing, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.PastDue)]
    [InlineData(SubscriptionStatus.PastDue, SubscriptionStatus.Unpaid)]
    [InlineData(SubscriptionStatus.Unpaid, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, SubscriptionStatus.Paused)]
    [InlineData(SubscriptionStatus.Paused, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.PastDue, SubscriptionStatus.Canceled)]
    public void Transitions_stripe_makes_are_applied(SubscriptionStatus from, SubscriptionStatus to)
    {
        var subscription = Start(from);

        var result = subscription.Apply(Snapshot(to), Tier, BillingInterval.Month, _clock.GetUtcNow());

        Assert.True(result.Value);
        Assert.Equal(to, subscription.Status);
        Assert.Equal(!Subscription.IsTerminal(to), subscription.IsLive);
    }

    [Fact]
    public void Applying_the_same_snapshot_twice_reports_no_change()
    {
        var subscription = Start(SubscriptionStatus.Active);

        Assert.False(subscription.Apply(Snapshot(SubscriptionStatus.Active), Tier, BillingInterval.Month, _clock.GetUtcNow()).Value);
        Assert.True(subscription.Apply(Snapshot(SubscriptionStatus.Active, cancelAtPeriodEnd: true), Tier, BillingInterval.Month, _clock.GetUtcNow()).Value);
        Assert.True(subscription.CancelAtPeriodEnd);
    }

    [Fact]
    public void A_refund_ends_access_even_while_stripe_still_says_active()
    {
        var subscription = Start(SubscriptionStatus.Active);
        subscription.EndAccess(AccessEndReason.Refunded, _clock.GetUtcNow(), _clock.GetUtcNow());

        Assert.False(subscription.GrantsAccess(_clock.GetUtcNow(), Grace));
        Assert.Equal(AccessEndReason.Refunded, subscription.AccessEndReason);
    }

    [Fact]
    public void A_refund_at_period_end_keeps_access_until_then()
    {
        var subscription = Start(SubscriptionStatus.Active);
        subscription.EndAccess(AccessEndReason.Refunded, subscription.CurrentPeriodEnd, _clock.GetUtcNow());

        Assert.True(subscription.GrantsAccess(_clock.GetUtcNow(), Grace));
        Assert.False(subscription.GrantsAccess(subscription.CurrentPeriodEnd, Grace));
    }

    [Fact]
    public void An_earlier_end_of_access_wins_over_a_later_one()
    {
        var subscription = Start(SubscriptionStatus.Active);
        subscription.EndAccess(AccessEndReason.Refunded, subscription.CurrentPeriodEnd, _clock.GetUtcNow());
        subscription.EndAccess(AccessEndReason.Disputed, _clock.GetUtcNow(), _clock.GetUtcNow());
        subscription.EndAccess(AccessEndReason.Refunded, subscription.CurrentPeriodEnd, _clock.GetUtcNow());

        Assert.Equal(_clock.GetUtcNow(), subscription.AccessEndedAt);
        Assert.Equal(AccessEndReason.Disputed, subscription.AccessEndReason);
    }

    [Fact]
    public void A_snapshot_of_another_subscription_is_a_bug()
    {
        var subscription = Start(SubscriptionStatus.Active);
        var other = Snapshot(SubscriptionStatus.Active) with { StripeSubscriptionId = "sub_other" };

        Assert.Throws<InvalidOperationException>(() => subscription.Apply(other, Tier, BillingInterval.Month, _clock.GetUtcNow()));
    }
}

public sealed class SubscriptionDowngradeTests
{
    [Fact]
    public void After_a_downgrade_the_paid_tier_counts_until_the_period_ends()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var cheaper = Guid.NewGuid();
        var paid = Guid.NewGuid();
        var snapshot = new SubscriptionSnapshot("sub_1", "cus_1", "price_cheap", SubscriptionStatus.Active, start, start.AddMonths(1), false, null, null);
        var subscription = Subscription.Start(Guid.NewGuid(), Guid.NewGuid(), cheaper, BillingInterval.Month, snapshot, start);

        subscription.KeepPaidTierUntil(paid, start.AddMonths(1), start);

        Assert.Equal([cheaper, paid], subscription.TiersAt(start.AddDays(10)));
        Assert.Equal([cheaper], subscription.TiersAt(start.AddMonths(1)));
    }
}
