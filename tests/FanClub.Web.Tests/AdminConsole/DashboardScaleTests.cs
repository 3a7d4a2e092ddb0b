using System.Diagnostics;
using System.Globalization;
using System.Text;
using FanClub.Billing.Configuration;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Web.Admin.Dashboard;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>The dashboard over 100,000 subscriptions: aggregated by MariaDB, so it answers in well under a second.</summary>
public sealed class DashboardScaleTests(WebAppFixture fixture, ITestOutputHelper output) : WebTest(fixture)
{
    private const int Subscriptions = 100_000;

    [Fact]
    public async Task The_dashboard_over_100000_subscriptions_is_exact_and_fast()
    {
        var now = new DateTimeOffset(2031, 3, 12, 12, 0, 0, TimeSpan.Zero);
        var gold = Tier.Create(Guid.CreateVersion7(), "gold", new LocalizedText("Gold", "Or"), new LocalizedText("Lives", "Directs"),
            new Money(999, "EUR"), new Money(9900, "EUR"), 0, 1, [EntitlementKey.Parse("stream:live")]).Value;
        gold.LinkStripe("prod_g", "price_g_m", "price_g_y");
        await using (var db = Database.CreateContext())
        {
            db.Tiers.Add(gold);
            await db.SaveChangesAsync();
        }

        var seeding = Stopwatch.StartNew();
        await InsertSubscriptionsAsync(gold, now);
        output.WriteLine($"Inserted {Subscriptions:N0} subscriptions in {seeding.ElapsedMilliseconds} ms");

        await using var context = Database.CreateContext();
        var query = new DashboardQuery(context, Options.Create(new BillingOptions { GracePeriod = TimeSpan.FromDays(3) }), new FakeTimeProvider(now));
        await query.GetAsync(CancellationToken.None); // warm the connection pool and the buffer pool
        var timer = Stopwatch.StartNew();
        var figures = await query.GetAsync(CancellationToken.None);
        timer.Stop();
        output.WriteLine($"Dashboard over {Subscriptions:N0} subscriptions: {timer.ElapsedMilliseconds} ms");

        // Every 20th is canceled; of the rest, one in 19 is trialing and one in 19 past due (in grace).
        var tier = Assert.Single(figures.Tiers);
        Assert.Equal((85_000, 5_000, 5_000), (tier.Active, tier.Trialing, tier.PastDueInGrace));
        Assert.Equal(95_000, figures.MembersNow);
        // Paying now: active and past due, 90,000, of which one in ten pays yearly (i % 10 == 0 never falls on a trial).
        var monthly = 0L;
        var yearly = 0L;
        for (var i = 0; i < Subscriptions; i++)
        {
            if (i % 20 is 1 or 2)
            {
                continue;
            }

            if (i % 10 == 0)
            {
                yearly += 9900;
            }
            else
            {
                monthly += 999;
            }
        }

        Assert.Equal(DashboardQuery.Mrr(monthly, yearly), Assert.Single(figures.Revenue).Now.AmountMinor);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"The dashboard took {timer.ElapsedMilliseconds} ms over {Subscriptions:N0} subscriptions.");
    }

    /// <summary>Multi-row INSERTs, 2,000 rows each: seconds, not minutes.</summary>
    private async Task InsertSubscriptionsAsync(Tier tier, DateTimeOffset now)
    {
        await using var connection = new MySqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        static string At(DateTimeOffset t) => "'" + t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";
        for (var start = 0; start < Subscriptions; start += 2000)
        {
            var sql = new StringBuilder("INSERT INTO subscriptions (Id, MemberId, TierId, StripeSubscriptionId, StripeCustomerId, StripePriceId, `Interval`, Status, "
                + "CurrentPeriodStart, CurrentPeriodEnd, CancelAtPeriodEnd, TrialEnd, PastDueSince, EndedAt, CreatedAt, ChangedAt) VALUES ");
            for (var i = start; i < start + 2000; i++)
            {
                var created = now.AddDays(-(i % 400)).AddHours(-1);
                var yearly = i % 10 == 0;
                var (status, trialEnd, pastDue, ended) = (i % 20) switch
                {
                    1 => ("Canceled", "NULL", "NULL", At(now.AddDays(-(i % 60)).AddMinutes(-30))),
                    2 => ("Trialing", At(now.AddDays(5)), "NULL", "NULL"),
                    3 => ("PastDue", "NULL", At(now.AddDays(-1)), "NULL"),
                    _ => ("Active", "NULL", "NULL", "NULL"),
                };
                if (status == "Canceled" && i % 400 < i % 60)
                {
                    // Ended before it began: start it a year earlier instead.
                    created = created.AddDays(-365);
                }

                sql.Append(i == start ? "" : ",").Append('(')
                    .Append('\'').Append(Guid.NewGuid()).Append("','").Append(Guid.NewGuid()).Append("','").Append(tier.Id).Append("',")
                    .Append("'sub_").Append(i).Append("','cus_").Append(i).Append("','").Append(yearly ? tier.StripeYearlyPriceId : tier.StripeMonthlyPriceId).Append("',")
                    .Append(yearly ? "'Year'," : "'Month',").Append('\'').Append(status).Append("',")
                    .Append(At(created)).Append(',').Append(At(created.AddMonths(1))).Append(",0,")
                    .Append(trialEnd).Append(',').Append(pastDue).Append(',').Append(ended).Append(',').Append(At(created)).Append(',').Append(At(created)).Append(')');
            }

            await using var command = new MySqlCommand(sql.ToString(), connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
