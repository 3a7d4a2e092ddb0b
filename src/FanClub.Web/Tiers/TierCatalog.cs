using FanClub.Domain.Tiers;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tiers;

/// <summary>
/// Tiers on sale, in page order. Read-only, from the read replica when there is one: the public
/// page is output-cached on top of it anyway, so a few seconds of replica lag change nothing.
/// </summary>
public sealed class TierCatalog([FromKeyedServices(DataServiceCollectionExtensions.ReplicaReads)] IDbContextFactory<FanClubDbContext> reads)
{
    public const string CacheTag = "tiers";

    public async Task<List<Tier>> ListOnSaleAsync(CancellationToken cancellationToken)
    {
        await using var db = await reads.CreateDbContextAsync(cancellationToken);
        return await db.Tiers
            .Where(t => !t.IsArchived)
            .OrderBy(t => t.SortOrder)
            .ToListAsync(cancellationToken);
    }
}
