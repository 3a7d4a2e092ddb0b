using FanClub.Billing.Gateway;
using FanClub.Billing.Persistence;
using FanClub.Domain.Common;

namespace FanClub.Billing.Subscriptions;

/// <summary>
/// Moves a subscriber from an old price of their tier to the tier's current one, after an admin
/// changed the price. Same tier, same entitlements, same billing period: the change is made in Stripe
/// without proration (<c>none</c>), so nothing is charged or credited now and the next renewal bills
/// the new price. No surprise invoice, whichever way the price went.
/// </summary>
public sealed class PriceMigration(StripeGateway stripe, IBillingStore store, SubscriptionSync sync)
{
    /// <summary>
    /// Returns true when the subscription moved, false when there was nothing to do (already on the
    /// current price, or no longer live), so a repeated request changes nothing.
    /// </summary>
    public Task<Result<bool>> MoveToCurrentPriceAsync(string stripeCustomerId, string stripeSubscriptionId, CancellationToken ct) =>
        // The customer's lock, as webhooks and member actions take it, so none of them writes an older view over this one.
        store.InTransactionAsync("stripe:" + stripeCustomerId, async token =>
        {
            var subscription = await store.FindSubscriptionAsync(stripeSubscriptionId, token);
            if (subscription is null || !subscription.IsLive)
            {
                return Result.Ok(false);
            }

            var tier = await store.FindTierAsync(subscription.TierId, token);
            var target = tier?.StripePriceIdFor(subscription.Interval);
            if (target is null || target == subscription.StripePriceId)
            {
                return Result.Ok(false);
            }

            var remote = await stripe.GetSubscriptionAsync(stripeSubscriptionId, token);
            if (!remote.Succeeded)
            {
                return Result.Fail<bool>(remote.Failure!.Code, remote.Failure.Message);
            }

            var moved = remote.Value;
            if (remote.Value.Snapshot.StripePriceId != target)
            {
                // Keyed by subscription and target price: a retry or a second click replays Stripe's first answer.
                var changed = await stripe.ChangePriceAsync(stripeSubscriptionId, remote.Value.ItemId, target, chargeProrationNow: false,
                    $"fanclub-migrate-{subscription.Id}-{target}", token);
                if (!changed.Succeeded)
                {
                    return Result.Fail<bool>(changed.Failure!.Code, changed.Failure.Message);
                }

                moved = changed.Value;
            }

            await sync.ApplyAsync(moved, token);
            await store.SaveChangesAsync(token);
            return Result.Ok(true);
        }, ct);
}
