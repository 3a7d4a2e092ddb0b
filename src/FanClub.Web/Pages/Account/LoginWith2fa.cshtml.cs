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

public sealed class TwoFactorCodeInput
{
    public string Code { get; set; } = string.Empty;

    public bool RememberMachine { get; set; }
}

public sealed class TwoFactorCodeInputValidator : AbstractValidator<TwoFactorCodeInput>
{
    public TwoFactorCodeInputValidator(IStringLocalizer<SharedResource> text) => RuleFor(i => i.Code).AuthenticatorCode(text);
}

/// <summary>Second step of log-in for members with an authenticator app.</summary>
[RateLimited(RateLimitedOperation.LogIn)]
public sealed class LoginWith2faModel(
    SignInManager<FanClubUser> signIn, IValidator<TwoFactorCodeInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public TwoFactorCodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

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

        var code = Input.Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            return LocalRedirect(LocalUrl.OrHome(ReturnUrl));
        }

        ModelState.AddModelError(string.Empty, text[result.IsLockedOut ? "Login.Failed" : "TwoFactor.WrongCode"]);
        return Page();
    }
}
