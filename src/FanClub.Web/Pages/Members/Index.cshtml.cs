using FanClub.Web.Accounts;
using FanClub.Web.Billing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Members;

/// <summary>
/// The members area: what this member may use right now (live streams, chat rooms, replays), from
/// their subscription and passes. Streams and chat themselves come with the partner modules (issue 4).
/// </summary>
public sealed class IndexModel(UserManager<FanClubUser> users, MemberBilling billing) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public BillingView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        DisplayName = user.DisplayName;
        View = await billing.GetAsync(user.Id, ct);
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }
}
