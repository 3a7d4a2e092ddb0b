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

public sealed class EmailInput
{
    public string Email { get; set; } = string.Empty;
}

public sealed class EmailInputValidator : AbstractValidator<EmailInput>
{
    public EmailInputValidator(IStringLocalizer<SharedResource> text) => RuleFor(i => i.Email).ValidEmail(text);
}

/// <summary>Asks for a reset link; the answer is the same whether or not the address has an account.</summary>
[RateLimited(RateLimitedOperation.PasswordReset, AccountField = "Input.Email")]
public sealed class ForgotPasswordModel(UserManager<FanClubUser> users, IValidator<EmailInput> validator, AccountEmails emails) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public bool Sent { get; private set; }

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

        var user = await users.FindByEmailAsync(Input.Email);
        if (user is { EmailConfirmed: true })
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var link = Url.Page("/Account/ResetPassword", null, new { code = TokenCodec.Encode(token) }, Request.Scheme)!;
            await emails.SendPasswordResetAsync(user.Email!, link, cancellationToken);
        }

        Sent = true;
        return Page();
    }
}
