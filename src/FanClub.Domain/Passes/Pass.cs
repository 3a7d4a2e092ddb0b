using FanClub.Domain.Tiers;

namespace FanClub.Domain.Passes;

/// <summary>A member's paid pass for one event. Refunds and disputes take it back.</summary>
public sealed class Pass
{
    private Pass()
    {
        StripeCheckoutSessionId = string.Empty;
        Entitlements = [];
    }

    public Guid Id { get; private set; }

    public Guid MemberId { get; private set; }

    public Guid OfferId { get; private set; }

    public string StripeCheckoutSessionId { get; private set; }

    public DateTimeOffset ValidFrom { get; private set; }

    public DateTimeOffset ValidUntil { get; private set; }

    /// <summary>The keys as sold: a later change to the offer does not change what was bought.</summary>
    public IReadOnlyList<EntitlementKey> Entitlements { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset PurchasedAt { get; private set; }

    public static Pass Grant(Guid id, Guid memberId, PassOffer offer, string checkoutSessionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return new Pass
        {
            Id = id,
            MemberId = memberId,
            OfferId = offer.Id,
            StripeCheckoutSessionId = checkoutSessionId,
            ValidFrom = offer.LiveStartsAt < now ? now : offer.LiveStartsAt,
            ValidUntil = offer.WindowEndsAt,
            Entitlements = offer.Entitlements,
            PurchasedAt = now,
        };
    }

    public bool GrantsAccess(DateTimeOffset now) => RevokedAt is null && now >= ValidFrom && now < ValidUntil;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
