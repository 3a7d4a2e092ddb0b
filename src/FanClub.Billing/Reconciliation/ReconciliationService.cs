using FanClub.Billing.Configuration;
using FanClub.Billing.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Reconciliation;

/// <summary>
/// Runs <see cref="Reconciler"/> shortly after start-up (catching up after an outage) and then on a
/// timer. Every node runs this service, but one run per interval is enough for the whole club: a
/// node runs only while holding a lock shared by all nodes, and only when no node finished a run
/// in the last half interval. A node that dies mid-run releases the lock; the next due tick of any
/// node starts again (reconciliation is idempotent).
/// </summary>
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
                await RunIfDueAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage must not kill the loop: the next tick is the recovery.
                LogCrashed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public const string RunLockName = "fanclub:reconciliation";

    /// <summary>Runs reconciliation unless another node is running it or ran it recently; returns whether it ran.</summary>
    public async Task<bool> RunIfDueAsync(IServiceProvider services, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.GetRequiredService<IBillingStore>();
        await using var runLock = await store.TryTakeRunLockAsync(RunLockName, ct);
        if (runLock is null)
        {
            LogSkipped(logger, "another node is running it");
            return false;
        }

        if (await store.LastReconciliationAsync(ct) is { } last && clock.GetUtcNow() - last < options.Value.ReconcileInterval / 2)
        {
            LogSkipped(logger, "another node ran it recently");
            return false;
        }

        await services.GetRequiredService<Reconciler>().RunAsync(ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciliation skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation run failed")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
