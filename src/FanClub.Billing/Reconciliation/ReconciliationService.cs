using FanClub.Billing.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Reconciliation;

/// <summary>Runs <see cref="Reconciler"/> shortly after start-up (catching up after an outage) and then on a timer.</summary>
public sealed partial class ReconciliationService(
    IServiceScopeFactory scopes, IOptions<BillingOptions> options, IOptions<StripeOptions> stripe, TimeProvider clock,
    ILogger<ReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!stripe.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Reconciler>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not kill the loop: the next tick is the recovery.
                LogCrashed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation run failed")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
