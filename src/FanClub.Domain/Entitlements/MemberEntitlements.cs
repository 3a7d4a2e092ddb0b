using FanClub.Domain.Tiers;

namespace FanClub.Domain.Entitlements;

public enum EntitlementSource
{
    Tier,
    Pass,
    Comp,
}

/// <summary>One right the member holds now: which key, why, and until when (null: open-ended, renews).</summary>
public sealed record EntitlementGrant(EntitlementKey Key, EntitlementSource Source, Guid SourceId, DateTimeOffset? EndsAt);

/// <summary>
/// The answer to "what may this member use right now, and why". A key granted by several sources
/// appears once per source, so an admin sees every reason.
/// </summary>
public sealed record MemberEntitlements(Guid MemberId, DateTimeOffset AsOf, bool Banned, IReadOnlyList<EntitlementGrant> Grants)
{
    public IReadOnlyList<EntitlementKey> Keys { get; } = [.. Grants.Select(g => g.Key).Distinct().OrderBy(k => k.Value, StringComparer.Ordinal)];

    /// <summary>The tier the member holds now: their subscription's while it grants access, else a comp's; null if neither.</summary>
    public Guid? TierId { get; init; }

    public bool Has(EntitlementKey key) => Grants.Any(g => g.Key == key);

    /// <summary>When this answer next changes by the clock alone (the earliest end), for cache lifetimes.</summary>
    public DateTimeOffset? ValidUntil => Grants.Where(g => g.EndsAt is not null).Select(g => g.EndsAt).Min();
}
