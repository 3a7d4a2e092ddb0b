using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Account;

public sealed class ConfirmEmailModel(UserManager<FanClubUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(Guid? userId, string? code)
    {
        if (userId is null || string.IsNullOrEmpty(code) || !TokenCodec.TryDecode(code, out var token))
        {
            return;
        }

        var user = await users.FindByIdAsync(userId.Value.ToString());
        if (user is null)
        {
            return;
        }

        Confirmed = user.EmailConfirmed || (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
