using FanClub.Domain.Tiers;
using FanClub.Web.Hosting;
using FanClub.Web.Tiers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace FanClub.Web.Pages;

/// <summary>The public home page: the tiers on sale, cached for anonymous visitors and CDNs.</summary>
[OutputCache(PolicyName = PublicPageCache.Policy)]
public sealed class IndexModel(TierCatalog catalog) : PageModel
{
    public IReadOnlyList<Tier> Tiers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PublicPageCache.ApplyHeaders(HttpContext);
        Tiers = await catalog.ListOnSaleAsync(cancellationToken);
    }
}
