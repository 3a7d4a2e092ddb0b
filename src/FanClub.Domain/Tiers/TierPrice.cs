using FanClub.Domain.Common;
using FanClub.Domain.Subscriptions;

namespace FanClub.Domain.Tiers;

/// <summary>
/// A Stripe price that sells (or once sold) a tier. A price change creates a new Stripe price and
/// leaves subscribers on the old one, so every price ever linked is kept: it tells which tier an
/// old subscription belongs to and what that member actually pays.
/// </summary>
public sealed class TierPrice
{
    private TierPrice()
    {
        StripePriceId = string.Empty;
        Amount = null!;
    }

    internal TierPrice(string stripePriceId, Guid tierId, BillingInterval interval, Money amount)
    {
        StripePriceId = stripePriceId;
        TierId = tierId;
        Interval = interval;
        Amount = amount;
    }

    public string StripePriceId { get; private set; }

    public Guid TierId { get; private set; }

    public BillingInterval Interval { get; private set; }

    public Money Amount { get; private set; }
}
