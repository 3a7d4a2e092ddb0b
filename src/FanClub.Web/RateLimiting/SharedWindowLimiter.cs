using System.Diagnostics;
using System.Threading.RateLimiting;

namespace FanClub.Web.RateLimiting;

/// <summary>
/// One partition's window (an address or an account, for one operation) counted in Redis, so every
/// node spends the same permits. While Redis cannot answer, the same window is counted in this
/// process instead (<paramref name="local"/>), so the node keeps serving log-ins with today's
/// per-node limits rather than refusing everyone or letting everyone through.
/// </summary>
/// <remarks>
/// The state lives in Redis, so the partitioned limiter may drop this object once it is idle; the
/// local window, once used, keeps it until its own permits are back.
/// </remarks>
public sealed class SharedWindowLimiter(RedisRateLimitStore store, string key, WindowLimit limit, Func<RateLimiter> local) : RateLimiter
{
    private static readonly RateLimitLease Granted = new SharedLease(true, null);

    private readonly Lock _gate = new();
    private RateLimiter? _local;
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _local is { } fallback ? fallback.IdleDuration : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        return store.TryAcquire(key, limit, permitCount) is { } decision ? Lease(decision) : Local().AttemptAcquire(permitCount);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        return await store.TryAcquireAsync(key, limit, permitCount) is { } decision
            ? Lease(decision)
            : await Local().AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _local?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static RateLimitLease Lease(SharedWindowDecision decision) => decision.Granted ? Granted : new SharedLease(false, decision.RetryAfter);

    private RateLimiter Local()
    {
        lock (_gate)
        {
            return _local ??= local();
        }
    }

    private sealed class SharedLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
