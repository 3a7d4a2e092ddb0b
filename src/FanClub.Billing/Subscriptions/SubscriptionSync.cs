using System.Globalization;
using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Notices;
using FanClub.Billing.Persistence;
using FanClub.Domain.Subscriptions;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Subscriptions;

public enum SyncOutcome
{
    Applied,
    Unchanged,
    NotOurs,
    Refused,
}

/// <summary>
/// Brings one local subscription to what Stripe says now. Every event about a subscription ends
/// here, as does reconciliation: the event only says "look again", so order and repetition do not
/// matter. Runs inside the caller's transaction and customer lock.
/// </summary>
public sealed partial class SubscriptionSync(
    StripeGateway stripe, IBillingStore store, IOptions<BillingOptions> options, TimeProvider clock, ILogger<SubscriptionSync> logger)
{
    public async Task<SyncOutcome> SyncAsync(string stripeSubscriptionId, CancellationToken ct)
    {
        var read = await stripe.GetSubscriptionAsync(stripeSubscriptionId, ct);
        if (!read.Succeeded)
        {
            if (read.Failure!.Code == "stripe.resource_missing")
            {
                return SyncOutcome.NotOurs;
            }

            throw new BillingUnavailableException($"Could not read subscription: {read.Failure.Code}");
        }

        return await ApplyAsync(read.Value, ct);
    }

    public async Task<SyncOutcome> ApplyAsync(StripeSubscription remote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var snapshot = remote.Snapshot;
        var tier = await store.FindTierByPriceAsync(snapshot.StripePriceId, ct);
        var memberId = remote.MemberId ?? await store.FindMemberByCustomerAsync(snapshot.StripeCustomerId, ct);
        if (tier is null || memberId is null)
        {
            LogNotOurs(logger, snapshot.StripeSubscriptionId);
            return SyncOutcome.NotOurs;
        }

        var now = clock.GetUtcNow();
        var grace = options.Value.GracePeriod;
        var interval = tier.IntervalOf(snapshot.StripePriceId) ?? BillingInterval.Month;
        var local = await store.FindSubscriptionAsync(snapshot.StripeSubscriptionId, ct);
        var hadAccess = local?.GrantsAccess(now, grace) ?? false;
        if (local is null && !Subscription.IsTerminal(snapshot.Status)
            && await store.FindLiveSubscriptionAsync(memberId.Value, ct) is { } other)
        {
            // FanClub's checkout never opens a second one; this came from elsewhere (the Stripe dashboard,
            // a race we did not foresee). The member keeps the first; the second is cancelled, not merged.
            LogDuplicate(logger, snapshot.StripeSubscriptionId, other.StripeSubscriptionId);
            await stripe.CancelNowAsync(snapshot.StripeSubscriptionId, ct);
            return SyncOutcome.Refused;
        }

        if (local is null)
        {
            local = Subscription.Start(Guid.CreateVersion7(), memberId.Value, tier.Id, interval, snapshot, now);
            store.Add(local);
        }
        else
        {
            var applied = local.Apply(snapshot, tier.Id, interval, now);
            if (!applied.Succeeded)
            {
                // Stripe never revives a canceled subscription; a snapshot saying so is a bug upstream, not a state to copy.
                LogRefused(logger, snapshot.StripeSubscriptionId, applied.Failure!.Message);
                return SyncOutcome.Refused;
            }

            if (!applied.Value)
            {
                return SyncOutcome.Unchanged;
            }
        }

        var hasAccess = local.GrantsAccess(now, grace);
        if (hasAccess && !hadAccess)
        {
            await store.QueueNoticeAsync(new BillingNotice(memberId.Value, BillingNoticeKind.Welcome, $"welcome:{local.StripeSubscriptionId}",
                new Dictionary<string, string> { ["tier"] = tier.Name.English, ["tierFr"] = tier.Name.French }), now, ct);
        }
        else if (hadAccess && !hasAccess)
        {
            await QueueAccessEndedAsync(local, ct);
        }

        LogApplied(logger, snapshot.StripeSubscriptionId, snapshot.Status);
        return SyncOutcome.Applied;
    }

    public Task QueueAccessEndedAsync(Subscription subscription, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var since = (subscription.PastDueSince ?? subscription.AccessEndedAt ?? subscription.EndedAt ?? subscription.ChangedAt)
            .ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return store.QueueNoticeAsync(
            new BillingNotice(subscription.MemberId, BillingNoticeKind.AccessEnded, $"ended:{subscription.StripeSubscriptionId}:{since}",
                new Dictionary<string, string>()),
            clock.GetUtcNow(), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} is not FanClub's; ignored")]
    private static partial void LogNotOurs(ILogger logger, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: snapshot refused ({Reason})")]
    private static partial void LogRefused(ILogger logger, string subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} would be a second live one beside {ExistingId}; cancelled")]
    private static partial void LogDuplicate(ILogger logger, string subscriptionId, string existingId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} now {Status}")]
    private static partial void LogApplied(ILogger logger, string subscriptionId, SubscriptionStatus status);
}
