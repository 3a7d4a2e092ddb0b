using FanClub.Web.Accounts;
using FanClub.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account.Manage;

/// <summary>Two-factor status, new recovery codes, and switching it off.</summary>
public sealed class TwoFactorModel(UserManager<FanClubUser> users, SignInManager<FanClubUser> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int RecoveryCodeCount = 10;

    public bool Enabled { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Enabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return Page();
    }

    public async Task<IActionResult> OnPostNewCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage();
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        TempData[RecoveryCodesModel.TempDataKey] = codes!.ToArray();
        return RedirectToPage("RecoveryCodes");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = text["TwoFactor.Disabled"].Value;
        return RedirectToPage();
    }
}
