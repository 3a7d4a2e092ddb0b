using FanClub.Web.Accounts;
using FanClub.Web.Admin;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account;

/// <summary>
/// Where an admin lands when their session was signed in with the password alone (no authenticator
/// yet, or a remembered browser): set one up, or enter a code now to make this session a two-factor one.
/// </summary>
[Authorize]
public sealed class TwoFactorRequiredModel(
    UserManager<FanClubUser> users, Reauthentication reauthentication, IValidator<TwoFactorCodeInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public TwoFactorCodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool HasAuthenticator { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasAuthenticator = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasAuthenticator = await users.GetTwoFactorEnabledAsync(user);
        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        if (!await reauthentication.WithAuthenticatorCodeAsync(user, Input.Code))
        {
            ModelState.AddModelError(string.Empty, text["TwoFactor.WrongCode"]);
            return Page();
        }

        return LocalRedirect(LocalUrl.IsLocal(ReturnUrl) ? ReturnUrl! : "/admin");
    }
}
