using FanClub.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Account;

/// <summary>Log-out is a POST with an anti-forgery token, so a link on another site cannot sign members out.</summary>
public sealed class LogoutModel(SignInManager<FanClubUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
