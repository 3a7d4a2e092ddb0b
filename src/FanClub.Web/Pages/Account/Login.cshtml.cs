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

public sealed class LoginInput
{
    public string Email { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public bool RememberMe { get; set; }
}

public sealed class LoginInputValidator : AbstractValidator<LoginInput>
{
    public LoginInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.Email).ValidEmail(text);
        RuleFor(i => i.Password).CurrentPassword(text);
    }
}

/// <summary>
/// Log-in. Wrong password, unknown address and locked account all get one message, in about the
/// same time, so the form tells an attacker nothing about who has an account.
/// </summary>
[RateLimited(RateLimitedOperation.LogIn, AccountField = "Input.Email")]
public sealed class LoginModel(
    SignInManager<FanClubUser> signIn,
    UserManager<FanClubUser> users,
    IValidator<LoginInput> validator,
    LoginTimingEqualizer timing,
    AccountEmails emails,
    SignInLog signIns,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        var returnUrl = LocalUrl.OrHome(ReturnUrl);
        var user = await users.FindByEmailAsync(Input.Email);
        if (user is null)
        {
            timing.SpendVerificationTime(Input.Password);
            return Refuse();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await signIns.RecordAsync(user.Id, MemberSignIn.Password, cancellationToken);
            return LocalRedirect(returnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("LoginWith2fa", new { ReturnUrl = returnUrl, Input.RememberMe });
        }

        if (result.IsNotAllowed && !user.EmailConfirmed)
        {
            // Identity refuses unconfirmed accounts before checking the password. Only someone who
            // knows the password learns that the address is unconfirmed, and gets a fresh link.
            if (await users.CheckPasswordAsync(user, Input.Password))
            {
                var token = await users.GenerateEmailConfirmationTokenAsync(user);
                var link = Url.Page("/Account/ConfirmEmail", null, new { userId = user.Id, code = TokenCodec.Encode(token) }, Request.Scheme)!;
                await emails.SendConfirmationAsync(user.Email!, link, cancellationToken);
                ModelState.AddModelError(string.Empty, text["Login.Unconfirmed"]);
                return Page();
            }

            await users.AccessFailedAsync(user);
        }

        if (result.IsLockedOut)
        {
            // Identity answers a locked account before hashing anything: without this, a fast refusal
            // would tell an attacker that the address exists (and has been locked by their own tries).
            timing.SpendVerificationTime(Input.Password);
        }

        return Refuse();
    }

    private PageResult Refuse()
    {
        ModelState.AddModelError(string.Empty, text["Login.Failed"]);
        return Page();
    }
}
