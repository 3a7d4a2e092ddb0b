namespace FanClub.StripeSandbox;

/// <summary>What an injected fault does to one API request.</summary>
public enum FaultKind
{
    /// <summary>Answers with an <c>api_error</c> and the rule's status (500 unless said otherwise).</summary>
    Fail,

    /// <summary>Never answers: the client's own timeout ends the request.</summary>
    Timeout,

    /// <summary>Waits the rule's delay, then handles the request normally.</summary>
    Delay,

    /// <summary>Closes the connection before handling the request: nothing happened.</summary>
    DropBefore,

    /// <summary>
    /// Handles the request (the object is created, the event emitted), then closes the connection
    /// instead of answering: the client cannot know it worked, which is what idempotency keys are for.
    /// </summary>
    DropAfter,
}

/// <summary>
/// A fault for the next <paramref name="Count"/> API requests whose path starts with
/// <paramref name="PathPrefix"/> (and whose method is <paramref name="Method"/>, when given).
/// </summary>
public sealed record FaultRule(string PathPrefix, FaultKind Kind, int Count = 1, string? Method = null, int Status = StatusCodes.Status500InternalServerError, TimeSpan Delay = default);

/// <summary>
/// Failure injection for the API (<c>/v1/…</c>): slow answers, Stripe-style 500s, requests that
/// never answer, and connections dropped before or after the work is done, for every request or per
/// path and count, so callers' timeouts, retries and idempotency can be tested. Thread-safe; also
/// settable over HTTP (<c>POST /sandbox/faults</c>, see the README).
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock rulesLock = new();
    private readonly List<(FaultRule Rule, int[] Left)> rules = [];
    private long latencyTicks;
    private int failuresLeft;
    private int failureStatus = StatusCodes.Status500InternalServerError;
    private int timeoutsLeft;
    private int injected;

    /// <summary>Added before every API request is handled.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref latencyTicks));
        set => Interlocked.Exchange(ref latencyTicks, value.Ticks);
    }

    /// <summary>How many faults (failures, timeouts, drops, per-path delays) have been applied so far.</summary>
    public int Injected => Volatile.Read(ref injected);

    /// <summary>The next <paramref name="count"/> API requests fail with <paramref name="statusCode"/> and an <c>api_error</c>.</summary>
    public void FailNext(int count, int statusCode = StatusCodes.Status500InternalServerError)
    {
        Volatile.Write(ref failureStatus, statusCode);
        Interlocked.Exchange(ref failuresLeft, count);
    }

    /// <summary>The next <paramref name="count"/> API requests hang until the client gives up.</summary>
    public void TimeOutNext(int count) => Interlocked.Exchange(ref timeoutsLeft, count);

    /// <summary>Adds a per-path rule; rules are tried in the order they were added.</summary>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (rulesLock)
        {
            rules.Add((rule, [rule.Count]));
        }
    }

    public void Reset()
    {
        Latency = TimeSpan.Zero;
        FailNext(0);
        TimeOutNext(0);
        lock (rulesLock)
        {
            rules.Clear();
        }
    }

    internal bool TakeTimeout() => Count(TakeOne(ref timeoutsLeft));

    internal int? TakeFailure() => Count(TakeOne(ref failuresLeft)) ? Volatile.Read(ref failureStatus) : null;

    /// <summary>The first rule matching the request that has uses left, using one.</summary>
    internal FaultRule? TakeRule(string method, PathString path)
    {
        lock (rulesLock)
        {
            foreach (var (rule, left) in rules)
            {
                if (left[0] > 0 && path.StartsWithSegments(rule.PathPrefix, StringComparison.Ordinal)
                    && (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase)))
                {
                    left[0]--;
                    injected++;
                    return rule;
                }
            }
        }

        return null;
    }

    private bool Count(bool taken)
    {
        if (taken)
        {
            Interlocked.Increment(ref injected);
        }

        return taken;
    }

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
