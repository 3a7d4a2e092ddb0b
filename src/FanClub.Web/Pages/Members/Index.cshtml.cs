using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Members;

/// <summary>
/// The members area. Until billing lands (issue 3) nobody holds a tier, and the page says so
/// rather than showing content nobody has paid for.
/// </summary>
public sealed class IndexModel(UserManager<FanClubUser> users) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        DisplayName = user.DisplayName;
        Response.Headers.CacheControl = "private, no-store";
        return Page();
    }
}
