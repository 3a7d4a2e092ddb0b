using FanClub.Domain.Tiers;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tiers;

/// <summary>Tiers on sale, in page order. Read-only: the public page is output-cached on top of it.</summary>
public sealed class TierCatalog(FanClubDbContext db)
{
    public const string CacheTag = "tiers";

    public Task<List<Tier>> ListOnSaleAsync(CancellationToken cancellationToken) =>
        db.Tiers.AsNoTracking()
            .Where(t => !t.IsArchived)
            .OrderBy(t => t.SortOrder)
            .ToListAsync(cancellationToken);
}
