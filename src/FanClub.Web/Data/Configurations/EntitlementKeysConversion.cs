using FanClub.Domain.Tiers;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal static class EntitlementKeysConversion
{
    /// <summary>
    /// A handful of short keys per row: one space-separated column, read with the row, is simpler
    /// than a join table and keeps the entitlement check to one query.
    /// </summary>
    public static PropertyBuilder<IReadOnlyList<EntitlementKey>> HasEntitlementKeysConversion(this PropertyBuilder<IReadOnlyList<EntitlementKey>> property) =>
        property.HasConversion(
            keys => string.Join(' ', keys.Select(k => k.Value)),
            text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(EntitlementKey.Parse).ToArray(),
            new ValueComparer<IReadOnlyList<EntitlementKey>>(
                (a, b) => a!.SequenceEqual(b!),
                keys => keys.Aggregate(0, (hash, key) => HashCode.Combine(hash, key)),
                keys => keys.ToArray()));
}
