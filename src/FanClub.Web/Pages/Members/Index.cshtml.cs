using System.Security.Claims;
using FanClub.Domain.Partners;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Web.Accounts;
using FanClub.Web.Tiers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Members;

/// <summary>
/// The members area: what this member may use right now (live streams, chat rooms, replays). The
/// page launch-night crowds reload, so it reads no table: the name is in the sign-in cookie, access
/// comes from the entitlement cache (exact, see <see cref="Entitlements.EntitlementCache"/>), the
/// tier's name from <see cref="TierNames"/>.
/// </summary>
public sealed class IndexModel(IEntitlementQuery entitlements, TierNames tiers) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public IReadOnlyList<EntitlementKey> Entitlements { get; private set; } = [];

    public LocalizedText? TierName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        // No handler parameters: the page then binds nothing, which model binding charged on every request.
        var ct = HttpContext.RequestAborted;
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var memberId))
        {
            return Challenge();
        }

        // Cookies issued before the name was in them: read it once; the next refresh adds it. The user
        // manager is resolved only then: building one per request (store, context, metrics) cost more than the page.
        DisplayName = User.FindFirstValue(FanClubClaimsPrincipalFactory.DisplayNameClaim)
            ?? (await HttpContext.RequestServices.GetRequiredService<UserManager<FanClubUser>>().GetUserAsync(User))?.DisplayName ?? string.Empty;
        var current = await entitlements.GetAsync(memberId, ct);
        Entitlements = current.Keys;
        TierName = current.TierId is { } tierId ? await tiers.FindAsync(tierId, ct) : null;
        return Page();
    }
}
