using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FanClub.Web.RateLimiting;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account;

public sealed class ResetPasswordInput
{
    public string Email { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string ConfirmPassword { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;
}

public sealed class ResetPasswordInputValidator : AbstractValidator<ResetPasswordInput>
{
    public ResetPasswordInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.Email).ValidEmail(text);
        RuleFor(i => i.Password).NewPassword(text);
        RuleFor(i => i.ConfirmPassword).Equal(i => i.Password).WithMessage(text["Validation.PasswordsDiffer"]);
        RuleFor(i => i.Code).NotEmpty().WithMessage(text["Reset.InvalidLink"]);
    }
}

/// <summary>
/// Sets a new password from an e-mailed link. The token is valid one hour and only once: resetting
/// changes the security stamp the token was made from, which also ends every other session.
/// </summary>
[RateLimited(RateLimitedOperation.PasswordReset, AccountField = "Input.Email")]
public sealed class ResetPasswordModel(
    UserManager<FanClubUser> users, IValidator<ResetPasswordInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet(string? code) => Input.Code = code ?? string.Empty;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            if (validation.Errors.Any(e => e.PropertyName == nameof(ResetPasswordInput.Code)))
            {
                // The code travels in a hidden field: its error has no input to sit next to.
                ModelState.AddModelError(string.Empty, text["Reset.InvalidLink"]);
            }

            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        if (user is null || !TokenCodec.TryDecode(Input.Code, out var token))
        {
            // Same answer as an expired or used link: nothing about whether the address exists.
            ModelState.AddModelError(string.Empty, text["Reset.InvalidLink"]);
            return Page();
        }

        var reset = await users.ResetPasswordAsync(user, token, Input.Password);
        if (reset.Succeeded)
        {
            Done = true;
            return Page();
        }

        if (reset.Errors.Any(e => e.Code == "InvalidToken"))
        {
            ModelState.AddModelError(string.Empty, text["Reset.InvalidLink"]);
        }
        else
        {
            ModelState.AddIdentityErrors(reset, "Input.Password");
        }

        return Page();
    }
}
