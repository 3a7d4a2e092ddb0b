using System.Security.Claims;
using FanClub.Web.Billing;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Billing;

/// <summary>
/// Where Stripe sends the fan after paying. Payment and activation are separate: until the webhook
/// has been applied the page says "activating" (and refreshes), never "active" too early.
/// </summary>
public sealed class SuccessModel(MemberBilling billing) : PageModel
{
    public bool Active { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var view = await billing.GetAsync(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        Active = view.Entitlements.Count > 0;
        Response.Headers.CacheControl = "no-store";
    }
}
