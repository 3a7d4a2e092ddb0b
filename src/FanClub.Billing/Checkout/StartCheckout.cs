using FanClub.Billing.Configuration;
using FanClub.Billing.Gateway;
using FanClub.Billing.Persistence;
using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;
using Microsoft.Extensions.Options;

namespace FanClub.Billing.Checkout;

/// <summary>Where the fan goes back to after Checkout.</summary>
public sealed record CheckoutReturn(Uri SuccessUrl, Uri CancelUrl);

/// <summary>
/// Opens Stripe Checkout for a tier or a pass. Under a per-member lock: a member with a live
/// subscription cannot subscribe again, and a second click or tab gets the checkout page already
/// open (or, for something else, the old page is expired first), so one member never pays twice.
/// </summary>
public sealed partial class StartCheckout(
    StripeGateway stripe, IBillingStore store, IOptions<StripeOptions> stripeOptions, IOptions<BillingOptions> options,
    TimeProvider clock, ILogger<StartCheckout> logger)
{
    public Task<Result<Uri>> SubscribeAsync(Guid memberId, Guid tierId, BillingInterval interval, CheckoutReturn returns, CancellationToken ct) =>
        InMemberLockAsync(memberId, async token =>
        {
            var tier = await store.FindTierAsync(tierId, token);
            if (tier is null || tier.IsArchived)
            {
                return Result.Fail<Uri>("billing.tier_unavailable", "This membership is not on sale.");
            }

            if (await store.FindLiveSubscriptionAsync(memberId, token) is not null)
            {
                return Result.Fail<Uri>("billing.already_subscribed", "You already have a membership. Change it from your billing page.");
            }

            return await OpenAsync(memberId, $"tier:{tier.Id}:{interval}", async (customerId, checkoutId, expiresAt, inner) =>
            {
                if (tier.StripePriceIdFor(interval) is null)
                {
                    var prices = await stripe.CreateTierPricesAsync(tier, inner);
                    if (!prices.Succeeded)
                    {
                        return Result.Fail<StripeCheckout>(prices.Failure!.Code, prices.Failure.Message);
                    }

                    tier.LinkStripe(prices.Value.ProductId, prices.Value.MonthlyPriceId, prices.Value.YearlyPriceId);
                }

                return await stripe.CreateSubscriptionCheckoutAsync(customerId, tier.StripePriceIdFor(interval)!, memberId, tier.Id,
                    tier.TrialDays, returns.SuccessUrl, returns.CancelUrl, expiresAt, $"fanclub-checkout-{checkoutId}", inner);
            }, token);
        }, ct);

    public Task<Result<Uri>> BuyPassAsync(Guid memberId, Guid offerId, CheckoutReturn returns, CancellationToken ct) =>
        InMemberLockAsync(memberId, async token =>
        {
            var now = clock.GetUtcNow();
            var offer = await store.FindPassOfferAsync(offerId, token);
            if (offer is null || !offer.OnSale(now))
            {
                return Result.Fail<Uri>("billing.pass_unavailable", "This pass is not on sale.");
            }

            if ((await store.ListPassesAsync(memberId, token)).Any(p => p.OfferId == offerId && p.RevokedAt is null))
            {
                return Result.Fail<Uri>("billing.pass_owned", "You already have this pass.");
            }

            return await OpenAsync(memberId, $"pass:{offer.Id}", (customerId, checkoutId, expiresAt, inner) =>
                stripe.CreatePassCheckoutAsync(customerId, memberId, offer.Id, offer.Name.English, offer.Price,
                    returns.SuccessUrl, returns.CancelUrl, expiresAt, $"fanclub-checkout-{checkoutId}", inner), token);
        }, ct);

    private async Task<Result<Uri>> InMemberLockAsync(Guid memberId, Func<CancellationToken, Task<Result<Uri>>> work, CancellationToken ct)
    {
        if (!stripeOptions.Value.Enabled)
        {
            return Result.Fail<Uri>("billing.disabled", "Payments are not available on this site yet.");
        }

        return await store.InTransactionAsync($"member:{memberId}", async token =>
        {
            var result = await work(token);
            await store.SaveChangesAsync(token);
            return result;
        }, ct);
    }

    /// <summary>The page already open for the same purchase, or null after expiring one for a different purchase.</summary>
    private async Task<Uri?> ReuseOpenCheckoutAsync(Guid memberId, string purpose, CancellationToken ct)
    {
        var open = await store.FindOpenCheckoutAsync(memberId, ct);
        var now = clock.GetUtcNow();
        if (open is null)
        {
            return null;
        }

        // Keep a margin: a page about to expire is no use to the fan.
        if (open.Purpose == purpose && open.IsUsable(now + TimeSpan.FromMinutes(5)))
        {
            LogReused(logger, memberId);
            return new Uri(open.Url);
        }

        var expired = await stripe.ExpireCheckoutAsync(open.StripeSessionId, ct);
        if (!expired.Succeeded)
        {
            throw new BillingUnavailableException("Could not close the previous checkout page.");
        }

        open.Close(CheckoutStatus.Expired, now);
        return null;
    }

    private async Task<Result<string>> EnsureCustomerAsync(Guid memberId, CancellationToken ct)
    {
        var existing = await store.FindCustomerIdAsync(memberId, ct);
        if (existing is not null)
        {
            return Result.Ok(existing);
        }

        var member = await store.FindMemberAsync(memberId, ct);
        if (member is null)
        {
            return Result.Fail<string>("billing.member_unknown", "Your account could not be found.");
        }

        var created = await stripe.CreateCustomerAsync(memberId, member.Email, member.DisplayName, ct);
        if (created.Succeeded)
        {
            await store.AddCustomerAsync(memberId, created.Value, ct);
        }

        return created;
    }

    /// <summary>
    /// The page already open for this purchase, or a new one: the member's Stripe customer first, then
    /// <paramref name="create"/> with an idempotency key derived from the new checkout's id.
    /// </summary>
    private async Task<Result<Uri>> OpenAsync(Guid memberId, string purpose,
        Func<string, Guid, DateTimeOffset, CancellationToken, Task<Result<StripeCheckout>>> create, CancellationToken ct)
    {
        var reuse = await ReuseOpenCheckoutAsync(memberId, purpose, ct);
        if (reuse is not null)
        {
            return Result.Ok(reuse);
        }

        var customer = await EnsureCustomerAsync(memberId, ct);
        if (!customer.Succeeded)
        {
            return Result.Fail<Uri>(customer.Failure!.Code, customer.Failure.Message);
        }

        var now = clock.GetUtcNow();
        var checkoutId = Guid.CreateVersion7();
        var session = await create(customer.Value, checkoutId, now + options.Value.CheckoutLifetime, ct);
        return Record(memberId, checkoutId, purpose, session, now);
    }

    private Result<Uri> Record(Guid memberId, Guid checkoutId, string purpose, Result<StripeCheckout> session, DateTimeOffset now)
    {
        if (!session.Succeeded)
        {
            return Result.Fail<Uri>(session.Failure!.Code, session.Failure.Message);
        }

        store.Add(PendingCheckout.Open(checkoutId, memberId, session.Value.Id, session.Value.Url, purpose, now, session.Value.ExpiresAt));
        LogOpened(logger, memberId, purpose);
        return Result.Ok(new Uri(session.Value.Url));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} sent back to the checkout page already open")]
    private static partial void LogReused(ILogger logger, Guid memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout opened for member {MemberId}: {Purpose}")]
    private static partial void LogOpened(ILogger logger, Guid memberId, string purpose);
}
