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

public sealed class ReauthenticateInput
{
    public string Password { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;
}

public sealed class ReauthenticateInputValidator : AbstractValidator<ReauthenticateInput>
{
    public ReauthenticateInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.Password).NotEmpty().When(i => string.IsNullOrWhiteSpace(i.Code)).WithMessage(text["Reauthenticate.Required"]);
        RuleFor(i => i.Code).AuthenticatorCode(text).When(i => !string.IsNullOrWhiteSpace(i.Code));
    }
}

/// <summary>"Confirm it's you" before a sensitive admin action, when the last authentication is over ten minutes old.</summary>
[Authorize]
public sealed class ReauthenticateModel(
    UserManager<FanClubUser> users, Reauthentication reauthentication, IValidator<ReauthenticateInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public ReauthenticateInput Input { get; set; } = new();

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

        var confirmed = string.IsNullOrWhiteSpace(Input.Code)
            ? await reauthentication.WithPasswordAsync(user, Input.Password, User)
            : await reauthentication.WithAuthenticatorCodeAsync(user, Input.Code);
        if (!confirmed)
        {
            ModelState.AddModelError(string.Empty, text["Reauthenticate.Failed"]);
            return Page();
        }

        return LocalRedirect(LocalUrl.OrHome(ReturnUrl));
    }
}
