using FanClub.Billing.Gateway;
using FanClub.Billing.Persistence;
using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;

namespace FanClub.Billing.Subscriptions;

/// <summary>
/// What members do to their own membership: cancel at period end, resume, switch tier, open the
/// Stripe portal. Each goes to Stripe first, then applies what Stripe answered, so the page shows
/// the truth at once and the webhook that follows changes nothing.
/// </summary>
public sealed class ManageSubscription(StripeGateway stripe, IBillingStore store, SubscriptionSync sync, TimeProvider clock)
{
    public Task<Result<bool>> CancelAtPeriodEndAsync(Guid memberId, CancellationToken ct) => SetCancelAsync(memberId, cancel: true, ct);

    public Task<Result<bool>> ResumeAsync(Guid memberId, CancellationToken ct) => SetCancelAsync(memberId, cancel: false, ct);

    /// <summary>
    /// An upgrade (a higher price) is charged now, prorated, and unlocks the new tier at once. A
    /// downgrade changes the price without proration, so the next renewal bills the cheaper tier,
    /// and the member keeps the tier they paid for until the period ends.
    /// </summary>
    public Task<Result<bool>> SwitchTierAsync(Guid memberId, Guid tierId, CancellationToken ct) =>
        InMemberLockAsync(memberId, async (subscription, token) =>
        {
            var target = await store.FindTierAsync(tierId, token);
            var current = await store.FindTierAsync(subscription.TierId, token);
            if (target is null || target.IsArchived || current is null)
            {
                return Result.Fail<bool>("billing.tier_unavailable", "This membership is not on sale.");
            }

            if (target.Id == current.Id)
            {
                return Result.Ok(false);
            }

            var upgrade = target.PriceFor(subscription.Interval).AmountMinor > current.PriceFor(subscription.Interval).AmountMinor;
            if (target.StripePriceIdFor(subscription.Interval) is null)
            {
                var prices = await stripe.CreateTierPricesAsync(target, token);
                if (!prices.Succeeded)
                {
                    return Result.Fail<bool>(prices.Failure!.Code, prices.Failure.Message);
                }

                target.LinkStripe(prices.Value.ProductId, prices.Value.MonthlyPriceId, prices.Value.YearlyPriceId);
                // Saved now: applying Stripe's answer finds the tier by its price id in the database.
                await store.SaveChangesAsync(token);
            }

            var remote = await stripe.GetSubscriptionAsync(subscription.StripeSubscriptionId, token);
            if (!remote.Succeeded)
            {
                return Result.Fail<bool>(remote.Failure!.Code, remote.Failure.Message);
            }

            // A key of its own per switch: the member lock and the same-tier check above already stop a
            // double click, while a key reused for a later switch back to this tier in the same period
            // made Stripe replay the first answer, change nothing, and FanClub apply that stale answer.
            var changed = await stripe.ChangePriceAsync(subscription.StripeSubscriptionId, remote.Value.ItemId,
                target.StripePriceIdFor(subscription.Interval)!, chargeProrationNow: upgrade,
                $"fanclub-switch-{subscription.Id}-{target.Id}-{Guid.CreateVersion7()}", token);
            if (!changed.Succeeded)
            {
                return Result.Fail<bool>(changed.Failure!.Code, changed.Failure.Message);
            }

            if (!upgrade)
            {
                subscription.KeepPaidTierUntil(current.Id, subscription.CurrentPeriodEnd, clock.GetUtcNow());
            }

            await sync.ApplyAsync(changed.Value, token);
            return Result.Ok(true);
        }, ct);

    /// <summary>
    /// An admin's "cancel now": Stripe ends the subscription at once, and access ends with it
    /// (the member keeps nothing of the period; a refund is a separate action).
    /// </summary>
    public Task<Result<bool>> CancelNowAsync(Guid memberId, CancellationToken ct) =>
        InMemberLockAsync(memberId, async (subscription, token) =>
        {
            var cancelled = await stripe.CancelNowAsync(subscription.StripeSubscriptionId, token);
            if (!cancelled.Succeeded)
            {
                return Result.Fail<bool>(cancelled.Failure!.Code, cancelled.Failure.Message);
            }

            var remote = await stripe.GetSubscriptionAsync(subscription.StripeSubscriptionId, token);
            if (!remote.Succeeded)
            {
                return Result.Fail<bool>(remote.Failure!.Code, remote.Failure.Message);
            }

            await sync.ApplyAsync(remote.Value, token);
            return Result.Ok(true);
        }, ct);

    public async Task<Result<Uri>> OpenPortalAsync(Guid memberId, Uri returnUrl, CancellationToken ct)
    {
        var customer = await store.FindCustomerIdAsync(memberId, ct);
        return customer is null
            ? Result.Fail<Uri>("billing.no_customer", "There is no billing history for this account yet.")
            : await stripe.CreatePortalSessionAsync(customer, returnUrl, ct);
    }

    private Task<Result<bool>> SetCancelAsync(Guid memberId, bool cancel, CancellationToken ct) =>
        InMemberLockAsync(memberId, async (subscription, token) =>
        {
            if (subscription.CancelAtPeriodEnd == cancel)
            {
                return Result.Ok(false);
            }

            var updated = await stripe.SetCancelAtPeriodEndAsync(subscription.StripeSubscriptionId, cancel, token);
            if (!updated.Succeeded)
            {
                return Result.Fail<bool>(updated.Failure!.Code, updated.Failure.Message);
            }

            await sync.ApplyAsync(updated.Value, token);
            return Result.Ok(true);
        }, ct);

    /// <summary>
    /// Under the customer's lock, the same one webhooks take, so a member's action and Stripe's
    /// events about it apply in turn and neither overwrites the other with an older view.
    /// </summary>
    private async Task<Result<bool>> InMemberLockAsync(Guid memberId, Func<Subscription, CancellationToken, Task<Result<bool>>> work, CancellationToken ct)
    {
        var customer = await store.FindCustomerIdAsync(memberId, ct);
        if (customer is null)
        {
            return Result.Fail<bool>("billing.no_subscription", "You do not have a membership to change.");
        }

        return await store.InTransactionAsync("stripe:" + customer, async token =>
        {
            var subscription = await store.FindLiveSubscriptionAsync(memberId, token);
            if (subscription is null)
            {
                return Result.Fail<bool>("billing.no_subscription", "You do not have a membership to change.");
            }

            var outcome = await work(subscription, token);
            await store.SaveChangesAsync(token);
            return outcome;
        }, ct);
    }
}
