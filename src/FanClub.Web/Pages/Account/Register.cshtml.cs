using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FanClub.Web.RateLimiting;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using System.Globalization;

namespace FanClub.Web.Pages.Account;

public sealed class RegisterInput
{
    public string DisplayName { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public string ConfirmPassword { get; set; } = string.Empty;
}

public sealed class RegisterInputValidator : AbstractValidator<RegisterInput>
{
    public RegisterInputValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(i => i.DisplayName).DisplayName(text);
        RuleFor(i => i.Email).ValidEmail(text);
        RuleFor(i => i.Password).NewPassword(text);
        RuleFor(i => i.ConfirmPassword).Equal(i => i.Password).WithMessage(text["Validation.PasswordsDiffer"]);
    }
}

/// <summary>
/// Sign-up. A known address gets the same answer as a new one (the owner is told by mail instead),
/// so the form cannot be used to find out who is a member.
/// </summary>
[RateLimited(RateLimitedOperation.Registration, AccountField = "Input.Email")]
public sealed class RegisterModel(
    UserManager<FanClubUser> users, IValidator<RegisterInput> validator, AccountEmails emails, TimeProvider clock) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

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

        var existing = await users.FindByEmailAsync(Input.Email);
        if (existing is not null)
        {
            await emails.SendAlreadyRegisteredAsync(existing.Email!, Url.Page("/Account/Login", null, null, Request.Scheme)!, cancellationToken);
            return RedirectToPage("RegisterConfirmation");
        }

        var user = new FanClubUser
        {
            UserName = Input.Email,
            Email = Input.Email,
            DisplayName = Input.DisplayName.Trim(),
            PreferredCulture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                // Lost a race with a second submit of the same form: same answer as above.
                return RedirectToPage("RegisterConfirmation");
            }

            ModelState.AddIdentityErrors(created, "Input.Password");
            return Page();
        }

        await users.AddToRoleAsync(user, Roles.Member);
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = Url.Page("/Account/ConfirmEmail", null,
            new { userId = user.Id, code = TokenCodec.Encode(token) }, Request.Scheme)!;
        await emails.SendConfirmationAsync(user.Email!, link, cancellationToken);
        return RedirectToPage("RegisterConfirmation");
    }
}
