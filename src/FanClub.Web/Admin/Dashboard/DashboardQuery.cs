using FanClub.Billing.Configuration;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Admin.Dashboard;

/// <summary>
/// The dashboard's figures, aggregated by MariaDB: a handful of GROUP BY queries over indexed
/// columns, never a row per member in memory, so it stays cheap at 100,000 members.
/// <para>
/// <b>MRR</b>: each paying subscription counts at the price it is billed (its own Stripe price, which
/// after a tier's price change may be the old one); monthly prices count as they are, yearly prices are
/// summed and the total divided by 12 once, rounded half away from zero to the minor unit. A subscription
/// counts from the end of its trial until it ends; past-due ones still count (Stripe is retrying), and
/// unpaid, paused or never-paid (incomplete) ones never do. One series per currency.
/// </para>
/// <para>
/// <b>History</b> is derived, not snapshotted: each subscription's start, trial end and end dates are
/// events, summed per day over the last 90 days on top of the state before the window. That gives
/// a full chart from the first day (snapshots would start empty) and needs no job that must never miss
/// a day. The cost: history is restated with today's knowledge — a subscription's price and its
/// unpaid/paused status apply to its whole life, and a past-due spell that recovered is not visible.
/// </para>
/// </summary>
public sealed class DashboardQuery(FanClubDbContext db, IOptions<BillingOptions> options, TimeProvider clock)
{
    public const int ChartDays = 90;

    public async Task<DashboardFigures> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var utcNow = now.UtcDateTime;
        var today = DateOnly.FromDateTime(utcNow);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).ToDateTime(TimeOnly.MinValue);
        var monthStart = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var periodStart = weekStart < monthStart ? weekStart : monthStart;
        var graceStart = (now - options.Value.GracePeriod).UtcDateTime;

        // Counted on the (TierId, Status) and (Status, PastDueSince) indexes, then joined to the few tiers.
        var perTier = await db.Database.SqlQuery<TierRow>($"""
            SELECT c.TierId AS TierId, t.name_en AS TierName, c.Active AS Active, c.Trialing AS Trialing,
                   CAST(COALESCE(g.InGrace, 0) AS SIGNED) AS PastDueInGrace
            FROM (SELECT TierId, CAST(SUM(Status = 'Active') AS SIGNED) AS Active, CAST(SUM(Status = 'Trialing') AS SIGNED) AS Trialing
                  FROM subscriptions WHERE Status IN ('Active', 'Trialing', 'PastDue') GROUP BY TierId) c
            JOIN tiers t ON t.Id = c.TierId
            LEFT JOIN (SELECT TierId, COUNT(*) AS InGrace FROM subscriptions
                       WHERE Status = 'PastDue' AND PastDueSince > {graceStart} GROUP BY TierId) g ON g.TierId = c.TierId
            ORDER BY t.SortOrder
            """).ToListAsync(ct);

        var started = await db.Database.SqlQuery<PeriodRow>($"""
            SELECT CAST(COALESCE(SUM(CreatedAt >= {weekStart}), 0) AS SIGNED) AS Week,
                   CAST(COALESCE(SUM(CreatedAt >= {monthStart}), 0) AS SIGNED) AS Month
            FROM subscriptions
            WHERE CreatedAt >= {periodStart} AND CreatedAt <= {utcNow} AND Status NOT IN ('Incomplete', 'IncompleteExpired')
            """).SingleAsync(ct);
        var churned = await db.Database.SqlQuery<PeriodRow>($"""
            SELECT CAST(COALESCE(SUM(EndedAt >= {weekStart}), 0) AS SIGNED) AS Week,
                   CAST(COALESCE(SUM(EndedAt >= {monthStart}), 0) AS SIGNED) AS Month
            FROM subscriptions
            WHERE EndedAt >= {periodStart} AND EndedAt <= {utcNow} AND Status = 'Canceled'
            """).SingleAsync(ct);
        var failed = await db.Database.SqlQuery<PeriodRow>($"""
            SELECT CAST(COALESCE(SUM(CreatedAt >= {weekStart}), 0) AS SIGNED) AS Week,
                   CAST(COALESCE(SUM(CreatedAt >= {monthStart}), 0) AS SIGNED) AS Month
            FROM payments
            WHERE Status = 'Failed' AND CreatedAt >= {periodStart} AND CreatedAt <= {utcNow}
            """).SingleAsync(ct);

        var (members, revenue) = await SeriesAsync(today, utcNow, ct);
        return new DashboardFigures(
            now,
            [.. perTier.Select(r => new TierCounts(r.TierId, r.TierName, (int)r.Active, (int)r.Trialing, (int)r.PastDueInGrace))],
            (int)perTier.Sum(r => r.Trialing),
            (int)perTier.Sum(r => r.PastDueInGrace),
            new PeriodCounts((int)started.Week, (int)started.Month),
            new PeriodCounts((int)churned.Week, (int)churned.Month),
            new PeriodCounts((int)failed.Week, (int)failed.Month),
            members[^1],
            revenue);
    }

    /// <summary>Members (all currencies) and MRR (per currency) at the end of each of the last 90 days.</summary>
    private async Task<(int[] Members, IReadOnlyList<RevenueSeries> Revenue)> SeriesAsync(DateOnly today, DateTime utcNow, CancellationToken ct)
    {
        var firstDay = today.AddDays(1 - ChartDays);
        var windowStart = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // A trial lasts at most 90 days (Tier.Create), so a subscription whose billing starts inside
        // the window was created at most 90 days before it: a range on the CreatedAt index.
        var billingCandidates = windowStart.AddDays(-91);

        // Grouped by price first (an index-only scan of the covering CreatedAt index), then priced: the
        // joins run once per price, not once per subscription.
        var baseline = await db.Database.SqlQuery<SeriesRow>($"""
            SELECT CAST('2000-01-01' AS DATE) AS Day, COALESCE(p.currency, t.monthly_currency) AS Currency,
                   CAST(SUM(g.Members) AS SIGNED) AS Members,
                   CAST(SUM(IF(g.Yearly, 0, g.Paying * COALESCE(p.amount_minor, t.monthly_amount_minor))) AS SIGNED) AS Monthly,
                   CAST(SUM(IF(g.Yearly, g.Paying * COALESCE(p.amount_minor, t.yearly_amount_minor), 0)) AS SIGNED) AS Yearly
            FROM (SELECT s.StripePriceId, s.TierId, s.Interval = 'Year' AS Yearly, COUNT(*) AS Members,
                         SUM(s.Status NOT IN ('Unpaid', 'Paused') AND COALESCE(s.TrialEnd, s.CreatedAt) < {windowStart}) AS Paying
                  FROM subscriptions s
                  WHERE s.CreatedAt < {windowStart} AND (s.EndedAt IS NULL OR s.EndedAt >= {windowStart})
                    AND s.Status NOT IN ('Incomplete', 'IncompleteExpired')
                  GROUP BY s.StripePriceId, s.TierId, s.Interval) g
            JOIN tiers t ON t.Id = g.TierId LEFT JOIN tier_prices p ON p.StripePriceId = g.StripePriceId
            GROUP BY COALESCE(p.currency, t.monthly_currency)
            """).ToListAsync(ct);

        // Four kinds of event, each dated: joining, leaving, starting to pay, stopping paying.
        var events = await db.Database.SqlQuery<SeriesRow>($"""
            SELECT e.Day AS Day, COALESCE(p.currency, t.monthly_currency) AS Currency, CAST(SUM(e.Members) AS SIGNED) AS Members,
                   CAST(SUM(IF(e.Yearly, 0, e.Paying * COALESCE(p.amount_minor, t.monthly_amount_minor))) AS SIGNED) AS Monthly,
                   CAST(SUM(IF(e.Yearly, e.Paying * COALESCE(p.amount_minor, t.yearly_amount_minor), 0)) AS SIGNED) AS Yearly
            FROM (
                SELECT u.Day, u.StripePriceId, u.TierId, u.Yearly, SUM(u.Members) AS Members, SUM(u.Paying) AS Paying
                FROM (
                    SELECT DATE(s.CreatedAt) AS Day, s.StripePriceId, s.TierId, s.Interval = 'Year' AS Yearly, 1 AS Members, 0 AS Paying
                    FROM subscriptions s
                    WHERE s.CreatedAt >= {windowStart} AND s.CreatedAt <= {utcNow} AND s.Status NOT IN ('Incomplete', 'IncompleteExpired')
                    UNION ALL
                    SELECT DATE(s.EndedAt), s.StripePriceId, s.TierId, s.Interval = 'Year', -1, 0
                    FROM subscriptions s
                    WHERE s.EndedAt >= {windowStart} AND s.EndedAt <= {utcNow} AND s.Status NOT IN ('Incomplete', 'IncompleteExpired')
                    UNION ALL
                    SELECT DATE(GREATEST(s.CreatedAt, COALESCE(s.TrialEnd, s.CreatedAt))), s.StripePriceId, s.TierId, s.Interval = 'Year', 0, 1
                    FROM subscriptions s
                    WHERE s.CreatedAt >= {billingCandidates} AND s.CreatedAt <= {utcNow}
                      AND GREATEST(s.CreatedAt, COALESCE(s.TrialEnd, s.CreatedAt)) >= {windowStart}
                      AND GREATEST(s.CreatedAt, COALESCE(s.TrialEnd, s.CreatedAt)) <= {utcNow}
                      AND (s.EndedAt IS NULL OR s.EndedAt > GREATEST(s.CreatedAt, COALESCE(s.TrialEnd, s.CreatedAt)))
                      AND s.Status NOT IN ('Incomplete', 'IncompleteExpired', 'Unpaid', 'Paused')
                    UNION ALL
                    SELECT DATE(s.EndedAt), s.StripePriceId, s.TierId, s.Interval = 'Year', 0, -1
                    FROM subscriptions s
                    WHERE s.EndedAt >= {windowStart} AND s.EndedAt <= {utcNow}
                      AND GREATEST(s.CreatedAt, COALESCE(s.TrialEnd, s.CreatedAt)) < s.EndedAt
                      AND s.Status NOT IN ('Incomplete', 'IncompleteExpired', 'Unpaid', 'Paused')
                ) u
                GROUP BY u.Day, u.StripePriceId, u.TierId, u.Yearly
            ) e
            JOIN tiers t ON t.Id = e.TierId LEFT JOIN tier_prices p ON p.StripePriceId = e.StripePriceId
            GROUP BY e.Day, COALESCE(p.currency, t.monthly_currency)
            """).ToListAsync(ct);

        var members = new int[ChartDays];
        var currencies = baseline.Select(r => r.Currency).Concat(events.Select(r => r.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var revenue = new List<RevenueSeries>();
        var memberRunning = baseline.Sum(r => r.Members);
        var memberDeltas = events.GroupBy(e => DateOnly.FromDateTime(e.Day)).ToDictionary(g => g.Key, g => g.Sum(e => e.Members));
        for (var i = 0; i < ChartDays; i++)
        {
            memberRunning += memberDeltas.GetValueOrDefault(firstDay.AddDays(i));
            members[i] = (int)memberRunning;
        }

        foreach (var currency in currencies)
        {
            var start = baseline.FirstOrDefault(r => r.Currency == currency);
            long monthly = start?.Monthly ?? 0, yearly = start?.Yearly ?? 0;
            var deltas = events.Where(e => e.Currency == currency).ToDictionary(e => DateOnly.FromDateTime(e.Day));
            var days = new List<DailyPoint>(ChartDays);
            for (var i = 0; i < ChartDays; i++)
            {
                var day = firstDay.AddDays(i);
                if (deltas.TryGetValue(day, out var delta))
                {
                    monthly += delta.Monthly;
                    yearly += delta.Yearly;
                }

                days.Add(new DailyPoint(day, members[i], Mrr(monthly, yearly)));
            }

            revenue.Add(new RevenueSeries(currency, days));
        }

        return (members, revenue);
    }

    /// <summary>Monthly prices as they are, plus the yearly total divided by 12 once, rounded half away from zero.</summary>
    public static long Mrr(long monthlyTotal, long yearlyTotal) =>
        monthlyTotal + (long)Math.Round(yearlyTotal / 12m, MidpointRounding.AwayFromZero);

    private sealed record TierRow(Guid TierId, string TierName, long Active, long Trialing, long PastDueInGrace);

    private sealed record PeriodRow(long Week, long Month);

    private sealed record SeriesRow(DateTime Day, string Currency, long Members, long Monthly, long Yearly);
}
