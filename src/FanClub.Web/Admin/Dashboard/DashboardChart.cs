using System.Globalization;

namespace FanClub.Web.Admin.Dashboard;

/// <summary>
/// The members and MRR chart as SVG geometry, computed on the server: the page draws it with SVG
/// attributes only (the CSP allows no inline style or script, and no CDN is needed).
/// </summary>
public sealed class DashboardChart
{
    public const int Width = 720;
    public const int Height = 240;
    public const int Left = 48;
    public const int Right = 64;
    public const int Top = 12;
    public const int Bottom = 28;

    private DashboardChart(IReadOnlyList<DailyPoint> days, string currency)
    {
        Days = days;
        Currency = currency;
        MaxMembers = NiceCeiling(days.Max(d => d.Members));
        MaxMrrMinor = NiceCeiling(days.Max(d => d.MrrMinor));
        MembersLine = Polyline(days.Select(d => (double)d.Members), MaxMembers);
        MrrLine = Polyline(days.Select(d => (double)d.MrrMinor), MaxMrrMinor);
    }

    public IReadOnlyList<DailyPoint> Days { get; }

    public string Currency { get; }

    /// <summary>Top of the members axis (left).</summary>
    public long MaxMembers { get; }

    /// <summary>Top of the MRR axis (right), in minor units.</summary>
    public long MaxMrrMinor { get; }

    /// <summary>The <c>points</c> attribute of the members polyline.</summary>
    public string MembersLine { get; }

    /// <summary>The <c>points</c> attribute of the MRR polyline.</summary>
    public string MrrLine { get; }

    public static int PlotWidth => Width - Left - Right;

    public static int PlotHeight => Height - Top - Bottom;

    /// <summary>The chart of the currency with the most revenue, or of members alone when nothing is billed yet.</summary>
    public static DashboardChart? For(DashboardFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var series = figures.Revenue.OrderByDescending(r => r.Now.AmountMinor).FirstOrDefault();
        return series is null ? null : new DashboardChart(series.Days, series.Currency);
    }

    /// <summary>X of day <paramref name="index"/>.</summary>
    public static double X(int index, int count) => Left + (count <= 1 ? 0 : index * (double)PlotWidth / (count - 1));

    /// <summary>Y of <paramref name="value"/> on an axis topping at <paramref name="max"/>.</summary>
    public static double Y(double value, long max) => Top + PlotHeight - (max == 0 ? 0 : value / max * PlotHeight);

    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private string Polyline(IEnumerable<double> values, long max) =>
        string.Join(' ', values.Select((v, i) => Format(X(i, Days.Count)) + "," + Format(Y(v, max))));

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>: round axis labels.</summary>
    private static long NiceCeiling(long value)
    {
        if (value <= 0)
        {
            return 1;
        }

        for (long power = 1; ; power *= 10)
        {
            foreach (var step in new[] { 1, 2, 5 })
            {
                if (step * power >= value)
                {
                    return step * power;
                }
            }
        }
    }
}
