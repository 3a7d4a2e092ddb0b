using FanClub.Domain.Common;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tiers;

/// <summary>
/// Every tier's name (archived ones too: a member may still hold one), kept for
/// <see cref="Lifetime"/> so a members page names the member's tier without a query. Names only:
/// what a tier grants is decided by the entitlement cache, which a tier change resets.
/// </summary>
public sealed class TierNames(
    [FromKeyedServices(DataServiceCollectionExtensions.ReplicaReads)] IDbContextFactory<FanClubDbContext> reads, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    public async Task<LocalizedText?> FindAsync(Guid tierId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_snapshot is not { } snapshot || now >= snapshot.ExpiresAt)
        {
            await using var db = await reads.CreateDbContextAsync(cancellationToken);
            var names = await db.Tiers.ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
            _snapshot = snapshot = new Snapshot(names, now + Lifetime);
        }

        return snapshot.Names.GetValueOrDefault(tierId);
    }

    private sealed record Snapshot(Dictionary<Guid, LocalizedText> Names, DateTimeOffset ExpiresAt);
}
