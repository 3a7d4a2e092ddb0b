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

public sealed class RecoveryCodeInput
{
    public string RecoveryCode { get; set; } = string.Empty;
}

public sealed class RecoveryCodeInputValidator : AbstractValidator<RecoveryCodeInput>
{
    public RecoveryCodeInputValidator(IStringLocalizer<SharedResource> text) =>
        RuleFor(i => i.RecoveryCode).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(text["Validation.CodeRequired"])
            .MaximumLength(32).WithMessage(text["Validation.CodeInvalid"]);
}

/// <summary>Log-in with a one-time recovery code when the authenticator is lost.</summary>
[RateLimited(RateLimitedOperation.LogIn)]
public sealed class LoginWithRecoveryCodeModel(
    SignInManager<FanClubUser> signIn, IValidator<RecoveryCodeInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public RecoveryCodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToPage("Login");
        }

        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Input.RecoveryCode.Replace(" ", string.Empty, StringComparison.Ordinal));
        if (result.Succeeded)
        {
            return LocalRedirect(LocalUrl.OrHome(ReturnUrl));
        }

        ModelState.AddModelError(string.Empty, text[result.IsLockedOut ? "Login.Failed" : "TwoFactor.WrongRecoveryCode"]);
        return Page();
    }
}
