using FanClub.Domain.Common;

namespace FanClub.Web.Admin.Dashboard;

/// <summary>How many members one tier has right now, by state.</summary>
public sealed record TierCounts(Guid TierId, string TierName, int Active, int Trialing, int PastDueInGrace);

/// <summary>One day of the chart: members and MRR at the end of that day (for today, now).</summary>
public sealed record DailyPoint(DateOnly Day, int Members, long MrrMinor);

/// <summary>Monthly recurring revenue in one currency, now and 30 days ago, with the daily series behind it.</summary>
public sealed record RevenueSeries(string Currency, IReadOnlyList<DailyPoint> Days)
{
    public Money Now => new(Days[^1].MrrMinor, Currency);

    /// <summary>MRR 30 days before the last point (the first point when the window is shorter).</summary>
    public Money ThirtyDaysAgo => new(Days[Math.Max(0, Days.Count - 31)].MrrMinor, Currency);

    /// <summary>Signed change over the last 30 days, in minor units (Money cannot be negative).</summary>
    public long ChangeMinor => Now.AmountMinor - ThirtyDaysAgo.AmountMinor;
}

/// <summary>Counts over the current calendar week (from Monday, UTC) and month (from the 1st, UTC).</summary>
public sealed record PeriodCounts(int ThisWeek, int ThisMonth);

/// <summary>Everything the admin dashboard shows, computed at <see cref="At"/>.</summary>
public sealed record DashboardFigures(
    DateTimeOffset At,
    IReadOnlyList<TierCounts> Tiers,
    int Trialing,
    int PastDueInGrace,
    PeriodCounts New,
    PeriodCounts Churned,
    PeriodCounts FailedPayments,
    int MembersNow,
    IReadOnlyList<RevenueSeries> Revenue);
