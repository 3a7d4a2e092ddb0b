namespace FanClub.StripeSandbox.Infrastructure;

/// <summary>
/// The sandbox's "now": an inner clock (the system's, or a test's fake) plus however far
/// the sandbox has been moved forward. One clock for the whole sandbox: every Stripe test
/// clock reads and moves it. It never goes backwards, like Stripe's test clocks.
/// </summary>
internal sealed class SandboxClock(TimeProvider inner) : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));
        set => Interlocked.Exchange(ref offsetTicks, value.Ticks);
    }

    /// <summary>Places the sandbox at <paramref name="start"/>, earlier or later than the inner clock; only used before anything happens.</summary>
    public void StartAt(DateTimeOffset start) => Offset = start - inner.GetUtcNow();

    public long UnixNow => GetUtcNow().ToUnixTimeSeconds();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    /// <summary>Moves forward to <paramref name="target"/>; a target in the past changes nothing.</summary>
    public void MoveTo(DateTimeOffset target)
    {
        var gap = target - GetUtcNow();
        if (gap > TimeSpan.Zero)
        {
            Interlocked.Add(ref offsetTicks, gap.Ticks);
        }
    }

    public void MoveTo(long unixSeconds) => MoveTo(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
}
