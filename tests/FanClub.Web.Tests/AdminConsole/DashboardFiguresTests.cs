using FanClub.Billing.Configuration;
using FanClub.Domain.Common;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Admin.Dashboard;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>
/// The dashboard's figures on a seeded club whose right answers are worked out by hand below, on
/// MariaDB, at a fixed time: Wednesday 16 January 2030, 12:00 UTC (week from Monday the 14th,
/// month from the 1st, chart from 19 October 2029).
/// </summary>
public sealed class DashboardFiguresTests(WebAppFixture fixture) : WebTest(fixture)
{
    public static readonly DateTimeOffset Now = new(2030, 1, 16, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Counts_and_money_are_exact_on_a_known_club()
    {
        await SeedKnownClubAsync(Database);
        await using var db = Database.CreateContext();
        var query = new DashboardQuery(db, Options.Create(new BillingOptions { GracePeriod = TimeSpan.FromDays(3) }), new FakeTimeProvider(Now));

        var figures = await query.GetAsync(CancellationToken.None);

        // Gold: A, B, K active; E past due since yesterday (in grace); F past due for 6 days (out of grace).
        // VIP: C active; D trialing.
        Assert.Equal(
            [("Gold", 3, 0, 1), ("VIP", 1, 1, 0)],
            figures.Tiers.Select(t => (t.TierName, t.Active, t.Trialing, t.PastDueInGrace)).ToList());
        Assert.Equal((1, 1), (figures.Trialing, figures.PastDueInGrace));
        Assert.Equal(new PeriodCounts(1, 3), figures.New);            // C this week; D and J earlier this month; I never paid
        Assert.Equal(new PeriodCounts(1, 3), figures.Churned);        // G this week; H and J earlier this month
        Assert.Equal(new PeriodCounts(1, 2), figures.FailedPayments); // one this week, one earlier this month, one in December
        Assert.Equal(7, figures.MembersNow);                          // A B C D E F K

        var eur = Assert.Single(figures.Revenue);
        Assert.Equal("EUR", eur.Currency);
        Assert.Equal(DashboardQuery.ChartDays, eur.Days.Count);
        Assert.Equal(new DateOnly(2029, 10, 19), eur.Days[0].Day);
        Assert.Equal(new DateOnly(2030, 1, 16), eur.Days[^1].Day);
        // Now: monthly A 999 + C 1999 + E 999 + F 999 + K 799 (old price) = 5795; yearly B 9900 / 12 = 825.
        Assert.Equal(new Money(6620, "EUR"), eur.Now);
        // 17 December: monthly A E F G 999 each + K 799 = 4795; yearly H 19900 / 12 = 1658.33 -> 1658.
        Assert.Equal(new Money(6453, "EUR"), eur.ThirtyDaysAgo);
        Assert.Equal(167, eur.ChangeMinor);
        Assert.Equal((5, 5454L), (eur.Days[0].Members, eur.Days[0].MrrMinor)); // A F G H K; E joins on 1 November
        Assert.Equal(6, eur.Days[^31].Members);
        // J's trial (2-9 January) ended in a cancellation on the 8th: a member for six days, never revenue.
        var january8 = eur.Days.Single(d => d.Day == new DateOnly(2030, 1, 8));
        var january7 = eur.Days.Single(d => d.Day == new DateOnly(2030, 1, 7));
        Assert.Equal(january7.MrrMinor, january8.MrrMinor);
        Assert.Equal(january7.Members - 1, january8.Members);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(999, 0, 999)]
    [InlineData(0, 9900, 825)]
    [InlineData(0, 19900, 1658)]   // 1658.33
    [InlineData(0, 18, 2)]         // 1.5 rounds away from zero
    [InlineData(1, 30, 4)]         // 2.5 -> 3, plus 1
    public void Yearly_prices_are_divided_by_twelve_once_on_the_total(long monthly, long yearly, long mrr) =>
        Assert.Equal(mrr, DashboardQuery.Mrr(monthly, yearly));

    /// <summary>Tiers, subscriptions A to K and payments, as Stripe's events would have left them.</summary>
    internal static async Task SeedKnownClubAsync(Testing.TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        // Gold sold at 7.99 a month before its price went up to 9.99: K stayed on the old price.
        var gold = Tier.Create(Guid.CreateVersion7(), "gold", new LocalizedText("Gold", "Or"), new LocalizedText("Lives", "Directs"),
            new Money(799, "EUR"), new Money(9900, "EUR"), 0, 1, [EntitlementKey.Parse("stream:live")]).Value;
        gold.LinkStripe("prod_gold", "price_gold_old", "price_gold_y");
        gold.ChangePrices(new Money(999, "EUR"), new Money(9900, "EUR"));
        gold.ReplaceStripePrice(BillingInterval.Month, "price_gold_m");
        var vip = Tier.Create(Guid.CreateVersion7(), "vip", new LocalizedText("VIP", "VIP"), new LocalizedText("All", "Tout"),
            new Money(1999, "EUR"), new Money(19900, "EUR"), 14, 2, [EntitlementKey.Parse("stream:live")]).Value;
        vip.LinkStripe("prod_vip", "price_vip_m", "price_vip_y");

        static DateTimeOffset At(int year, int month, int day, int hour = 10) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

        var subscriptions = new List<Subscription>
        {
            Started("A", gold, "price_gold_m", At(2029, 6, 1)),
            Started("B", gold, "price_gold_y", At(2029, 12, 20), BillingInterval.Year),
            Started("C", vip, "price_vip_m", At(2030, 1, 15)),
            Started("D", vip, "price_vip_m", At(2030, 1, 10), status: SubscriptionStatus.Trialing, trialEnd: At(2030, 1, 24)),
            Then(Started("E", gold, "price_gold_m", At(2029, 11, 1)), SubscriptionStatus.PastDue, At(2030, 1, 15, 0)),
            Then(Started("F", gold, "price_gold_m", At(2029, 9, 1)), SubscriptionStatus.PastDue, At(2030, 1, 10)),
            Then(Started("G", gold, "price_gold_m", At(2029, 8, 1)), SubscriptionStatus.Canceled, At(2030, 1, 14, 13)),
            Then(Started("H", vip, "price_vip_y", At(2029, 5, 1), BillingInterval.Year), SubscriptionStatus.Canceled, At(2030, 1, 5)),
            Started("I", gold, "price_gold_m", At(2030, 1, 16, 9), status: SubscriptionStatus.Incomplete),
            Then(Started("J", gold, "price_gold_m", At(2030, 1, 2), status: SubscriptionStatus.Trialing, trialEnd: At(2030, 1, 9)),
                SubscriptionStatus.Canceled, At(2030, 1, 8)),
            Started("K", gold, "price_gold_old", At(2029, 7, 1)),
        };

        var payments = new List<Payment>
        {
            Failed("in_1", At(2030, 1, 15)),
            Failed("in_2", At(2030, 1, 3)),
            Failed("in_3", At(2029, 12, 28)),
        };
        var paid = Payment.Record(Guid.CreateVersion7(), Guid.NewGuid(), PaymentKind.Subscription, "in_4", new Money(999, "EUR"), At(2030, 1, 15), At(2030, 1, 15));
        paid.MarkPaid(At(2030, 1, 15), At(2030, 1, 15));
        payments.Add(paid);

        await using var db = database.CreateContext();
        db.Tiers.AddRange(gold, vip);
        db.Subscriptions.AddRange(subscriptions);
        db.Payments.AddRange(payments);
        await db.SaveChangesAsync();
    }

    private static Subscription Started(string name, Tier tier, string priceId, DateTimeOffset created, BillingInterval interval = BillingInterval.Month,
        SubscriptionStatus status = SubscriptionStatus.Active, DateTimeOffset? trialEnd = null) =>
        Subscription.Start(Guid.CreateVersion7(), Guid.NewGuid(), tier.Id, interval,
            new SubscriptionSnapshot("sub_" + name, "cus_" + name, priceId, status, created, created.AddMonths(1), false, trialEnd, null), created);

    private static Subscription Then(Subscription subscription, SubscriptionStatus status, DateTimeOffset at)
    {
        var snapshot = new SubscriptionSnapshot(subscription.StripeSubscriptionId, subscription.StripeCustomerId, subscription.StripePriceId, status,
            subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd, false, subscription.TrialEnd,
            status == SubscriptionStatus.Canceled ? at : null);
        Assert.True(subscription.Apply(snapshot, subscription.TierId, subscription.Interval, at).Succeeded);
        return subscription;
    }

    private static Payment Failed(string invoice, DateTimeOffset at)
    {
        var payment = Payment.Record(Guid.CreateVersion7(), Guid.NewGuid(), PaymentKind.Subscription, invoice, new Money(999, "EUR"), at, at);
        payment.MarkFailed(at);
        return payment;
    }
}
