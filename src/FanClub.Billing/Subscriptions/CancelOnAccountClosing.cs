using FanClub.Billing.Gateway;
using FanClub.Billing.Persistence;
using FanClub.Domain.Members;

namespace FanClub.Billing.Subscriptions;

/// <summary>
/// A member deleting their account must not go on being charged: their live subscription is
/// cancelled in Stripe first, and if Stripe cannot be reached the account is kept (with a reason).
/// </summary>
public sealed class CancelOnAccountClosing(StripeGateway stripe, IBillingStore store, SubscriptionSync sync) : IMemberAccountClosing
{
    public async Task<string?> PrepareClosingAsync(Guid memberId, CancellationToken cancellationToken)
    {
        var customer = await store.FindCustomerIdAsync(memberId, cancellationToken);
        if (customer is null)
        {
            return null;
        }

        return await store.InTransactionAsync("stripe:" + customer, async ct =>
        {
            var subscription = await store.FindLiveSubscriptionAsync(memberId, ct);
            if (subscription is null)
            {
                return null;
            }

            var cancelled = await stripe.CancelNowAsync(subscription.StripeSubscriptionId, ct);
            if (!cancelled.Succeeded)
            {
                return "Your membership could not be cancelled right now, so your account was kept. Please try again in a few minutes.";
            }

            await sync.SyncAsync(subscription.StripeSubscriptionId, ct);
            await store.SaveChangesAsync(ct);
            return (string?)null;
        }, cancellationToken);
    }
}
