namespace FanClub.StripeSandbox.TestClocks;

/// <summary>Lets real time do what the clock would: a checkout session left open expires after 24 hours, a renewal happens on its date.</summary>
internal sealed class ClockTicker(ClockAdvancer advancer, StripeSandboxOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ClockTickInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            advancer.RunDue();
        }
    }
}
