using FanClub.Domain.Common;
using FanClub.Domain.Tiers;

namespace FanClub.Domain.Passes;

/// <summary>
/// Pay-per-view for one event: a one-off price that grants entitlement keys from the start of
/// the live until the replay period ends, for fans who do not want a subscription.
/// </summary>
public sealed class PassOffer
{
    private PassOffer()
    {
        Slug = string.Empty;
        Name = null!;
        Price = null!;
        Entitlements = [];
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; }

    public LocalizedText Name { get; private set; }

    public Money Price { get; private set; }

    public DateTimeOffset LiveStartsAt { get; private set; }

    public DateTimeOffset LiveEndsAt { get; private set; }

    public int ReplayDays { get; private set; }

    public IReadOnlyList<EntitlementKey> Entitlements { get; private set; }

    public bool IsArchived { get; private set; }

    /// <summary>End of the window the pass covers: the live, then the replays.</summary>
    public DateTimeOffset WindowEndsAt => LiveEndsAt.AddDays(ReplayDays);

    public static Result<PassOffer> Create(Guid id, string slug, LocalizedText name, Money price,
        DateTimeOffset liveStartsAt, DateTimeOffset liveEndsAt, int replayDays, IEnumerable<EntitlementKey> entitlements)
    {
        ArgumentNullException.ThrowIfNull(entitlements);
        if (liveEndsAt <= liveStartsAt)
        {
            return Result.Fail<PassOffer>("pass.window_invalid", "The live must end after it starts.");
        }

        if (replayDays is < 0 or > 365)
        {
            return Result.Fail<PassOffer>("pass.replay_out_of_range", "Replays stay available between 0 and 365 days.");
        }

        if (price.AmountMinor <= 0)
        {
            return Result.Fail<PassOffer>("pass.price_invalid", "A pass has a price.");
        }

        return Result.Ok(new PassOffer
        {
            Id = id,
            Slug = slug,
            Name = name,
            Price = price,
            LiveStartsAt = liveStartsAt,
            LiveEndsAt = liveEndsAt,
            ReplayDays = replayDays,
            Entitlements = [.. entitlements.Distinct()],
        });
    }

    /// <summary>A pass can be bought until the replay window closes.</summary>
    public bool OnSale(DateTimeOffset now) => !IsArchived && now < WindowEndsAt;
}
