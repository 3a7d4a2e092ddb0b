using System.Text.Json.Nodes;
using FanClub.StripeSandbox.Infrastructure;

namespace FanClub.StripeSandbox.Subscriptions;

/// <summary>
/// Period arithmetic on the billing cycle anchor, as Stripe does it: counting whole intervals
/// from the anchor keeps a 31 January subscription on the 31st (or the month's last day)
/// instead of drifting to the 28th after February.
/// </summary>
internal static class BillingPeriods
{
    public static long NextEnd(long anchor, long after, JsonObject recurring)
    {
        var interval = recurring.RequiredStr("interval");
        var count = (int)(recurring.LongOrNull("interval_count") ?? 1);
        var start = DateTimeOffset.FromUnixTimeSeconds(anchor);
        for (var periods = 1; ; periods++)
        {
            var end = Add(start, interval, count * periods).ToUnixTimeSeconds();
            if (end > after)
            {
                return end;
            }
        }
    }

    private static DateTimeOffset Add(DateTimeOffset start, string interval, int count) => interval switch
    {
        "day" => start.AddDays(count),
        "week" => start.AddDays(7 * count),
        "month" => start.AddMonths(count),
        "year" => start.AddYears(count),
        _ => throw StripeApiException.InvalidParam("recurring[interval]", $"Invalid interval: {interval}"),
    };
}
