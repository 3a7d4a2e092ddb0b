using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account.Manage;

public sealed class ChangePasswordInput
{
    public string CurrentPassword { get; set; } = string.Empty;

    public string NewPassword { get; set; } = string.Empty;

    public string ConfirmPassword { get; set; } = string.Empty;
}

public sealed class ChangePasswordInputValidator : AbstractValidator<ChangePasswordInput>
{
    public ChangePasswordInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.CurrentPassword).CurrentPassword(text);
        RuleFor(i => i.NewPassword).NewPassword(text);
        RuleFor(i => i.ConfirmPassword).Equal(i => i.NewPassword).WithMessage(text["Validation.PasswordsDiffer"]);
    }
}

/// <summary>
/// Changing the password renews the security stamp: this session is re-issued, every other one
/// ends at its next stamp check (at most a minute).
/// </summary>
public sealed class ChangePasswordModel(
    UserManager<FanClubUser> users, SignInManager<FanClubUser> signIn,
    IValidator<ChangePasswordInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        var changed = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == "PasswordMismatch"))
            {
                ModelState.AddModelError("Input.CurrentPassword", text["Manage.WrongPassword"]);
            }
            else
            {
                ModelState.AddIdentityErrors(changed, "Input.NewPassword");
            }

            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = text["Manage.PasswordChanged"].Value;
        return RedirectToPage();
    }
}
