namespace FanClub.StripeSandbox;

/// <summary>
/// Failure injection for the API (<c>/v1/…</c>): slow answers, Stripe-style 500s, and requests
/// that never answer, so callers' timeouts and retries can be tested. Thread-safe; also settable
/// over HTTP with <c>POST /sandbox/faults?latency_ms=&amp;fail_next=&amp;timeout_next=</c>.
/// </summary>
public sealed class SandboxFaults
{
    private long latencyTicks;
    private int failuresLeft;
    private int failureStatus = StatusCodes.Status500InternalServerError;
    private int timeoutsLeft;

    /// <summary>Added before every API request is handled.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref latencyTicks));
        set => Interlocked.Exchange(ref latencyTicks, value.Ticks);
    }

    /// <summary>The next <paramref name="count"/> API requests fail with <paramref name="statusCode"/> and an <c>api_error</c>.</summary>
    public void FailNext(int count, int statusCode = StatusCodes.Status500InternalServerError)
    {
        Volatile.Write(ref failureStatus, statusCode);
        Interlocked.Exchange(ref failuresLeft, count);
    }

    /// <summary>The next <paramref name="count"/> API requests hang until the client gives up.</summary>
    public void TimeOutNext(int count) => Interlocked.Exchange(ref timeoutsLeft, count);

    public void Reset()
    {
        Latency = TimeSpan.Zero;
        FailNext(0);
        TimeOutNext(0);
    }

    internal bool TakeTimeout() => TakeOne(ref timeoutsLeft);

    internal int? TakeFailure() => TakeOne(ref failuresLeft) ? Volatile.Read(ref failureStatus) : null;

    private static bool TakeOne(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
