using FanClub.Web.Admin.Tiers;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Admin.Tiers;

/// <summary>Every tier, on sale or archived, with its live subscribers and how many still pay an old price.</summary>
public sealed class IndexModel(TierAdmin tiers) : PageModel
{
    public IReadOnlyList<TierSummary> Tiers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Tiers = await tiers.ListAsync(ct);
    }
}
