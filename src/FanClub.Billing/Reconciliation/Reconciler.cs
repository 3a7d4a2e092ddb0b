using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Persistence;
using FanClub.Billing.Subscriptions;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Reconciliation;

/// <summary>One pass of reconciliation: what was checked, what had drifted and was repaired.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Checked">Subscriptions compared with Stripe.</param>
/// <param name="Repaired">Subscriptions that had drifted and were brought back to Stripe's state.</param>
/// <param name="GraceExpired">Past-due members whose grace period ended in this run.</param>
/// <param name="Error">Why the run stopped early, if it did.</param>
/// <param name="RepairedSubscriptions">The Stripe ids of the subscriptions that had drifted.</param>
/// <param name="Trigger"><see cref="Reconciler.TimerTrigger"/> or <see cref="Reconciler.AdminTrigger"/>.</param>
public sealed record ReconciliationRun(
    Guid Id, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int Checked, int Repaired, int GraceExpired, string? Error,
    IReadOnlyList<string> RepairedSubscriptions, string Trigger);

/// <summary>
/// Compares every FanClub subscription in Stripe with the local copy and repairs drift (an event
/// missed during an outage, or never sent), then ends access for members whose grace period ran out.
/// Safe to run on any node at any time: each subscription is applied under its customer's lock.
/// </summary>
public sealed partial class Reconciler(
    StripeGateway stripe, IBillingStore store, SubscriptionSync sync, IOptions<BillingOptions> options, TimeProvider clock, ILogger<Reconciler> logger)
{
    public const string TimerTrigger = "timer";
    public const string AdminTrigger = "admin";

    public Task<ReconciliationRun> RunAsync(CancellationToken ct) => RunAsync(Guid.CreateVersion7(), TimerTrigger, ct);

    /// <summary>One run recorded under <paramref name="runId"/>, so a caller that chose the id can find it again.</summary>
    public async Task<ReconciliationRun> RunAsync(Guid runId, string trigger, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        int checkedCount = 0, repaired = 0, graceExpired = 0;
        var repairedIds = new List<string>();
        string? error = null;
        try
        {
            await foreach (var remote in stripe.ListSubscriptionsAsync(ct))
            {
                checkedCount++;
                var outcome = await store.InTransactionAsync("stripe:" + remote.Snapshot.StripeCustomerId, async token =>
                {
                    var result = await sync.ApplyAsync(remote, token);
                    await store.SaveChangesAsync(token);
                    return result;
                }, ct);
                if (outcome == SyncOutcome.Applied)
                {
                    repaired++;
                    repairedIds.Add(remote.Snapshot.StripeSubscriptionId);
                    LogRepaired(logger, remote.Snapshot.StripeSubscriptionId);
                }
            }

            graceExpired = await EndExpiredGraceAsync(ct);
        }
        catch (Exception e) when (e is BillingUnavailableException or Stripe.StripeException or HttpRequestException)
        {
            error = e.Message;
            LogFailed(logger, e.Message);
        }

        var run = new ReconciliationRun(runId, started, clock.GetUtcNow(), checkedCount, repaired, graceExpired, error, repairedIds, trigger);
        await store.RecordReconciliationAsync(run, ct);
        LogRun(logger, checkedCount, repaired, graceExpired);
        return run;
    }

    /// <summary>Access after the grace period ends by the clock, not by an event; this tells the member, once.</summary>
    private async Task<int> EndExpiredGraceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.GracePeriod;
        var count = 0;
        foreach (var subscription in await store.ListPastDueSubscriptionsAsync(ct))
        {
            if (subscription.GraceEndsAt(grace) is { } end && end <= now)
            {
                await sync.QueueAccessEndedAsync(subscription, ct);
                count++;
            }
        }

        await store.SaveChangesAsync(ct);
        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation repaired subscription {SubscriptionId}")]
    private static partial void LogRepaired(ILogger logger, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation stopped early: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation checked {Checked} subscriptions, repaired {Repaired}, grace expired for {GraceExpired}")]
    private static partial void LogRun(ILogger logger, int @checked, int repaired, int graceExpired);
}
