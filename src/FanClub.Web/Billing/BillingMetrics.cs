using System.Diagnostics.Metrics;

namespace FanClub.Web.Billing;

/// <summary>
/// The <c>FanClub.Billing</c> meter (dotnet-counters, OpenTelemetry): how long billing work waits for
/// a customer's lock and then holds it. Stripe's own calls show in <c>System.Net.Http</c>'s
/// <c>http.client.request.duration</c>, and database commands in <c>FanClub.Data</c>.
/// </summary>
public sealed class BillingMetrics
{
    public const string MeterName = "FanClub.Billing";

    private readonly Histogram<double> _lockWait;
    private readonly Histogram<double> _lockHeld;

    public BillingMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _lockWait = meter.CreateHistogram<double>("fanclub.billing.lock.wait", unit: "ms",
            description: "Time from asking for a billing lock (per customer) to holding it, with the transaction started.");
        _lockHeld = meter.CreateHistogram<double>("fanclub.billing.lock.held", unit: "ms",
            description: "Time a billing lock is held: the work, its Stripe reads and the commit.");
    }

    public void LockWaited(TimeSpan wait) => _lockWait.Record(wait.TotalMilliseconds);

    public void LockHeld(TimeSpan held) => _lockHeld.Record(held.TotalMilliseconds);
}
