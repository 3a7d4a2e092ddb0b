using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account.Manage;

/// <summary>
/// Changing the e-mail sends a link to the new address; nothing changes until it is opened.
/// The answer is the same when the new address already belongs to someone.
/// </summary>
public sealed class EmailModel(
    UserManager<FanClubUser> users, IValidator<EmailInput> validator, AccountEmails emails, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public string CurrentEmail { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? string.Empty;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? string.Empty;
        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        if (string.Equals(Input.Email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.Email", text["ChangeEmail.Same"]);
            return Page();
        }

        if (await users.FindByEmailAsync(Input.Email) is null)
        {
            var token = await users.GenerateChangeEmailTokenAsync(user, Input.Email);
            var link = Url.Page("/Account/ConfirmEmailChange", null,
                new { userId = user.Id, email = Input.Email, code = TokenCodec.Encode(token) }, Request.Scheme)!;
            await emails.SendEmailChangeAsync(Input.Email, link, cancellationToken);
        }

        TempData["Status"] = text["ChangeEmail.Sent"].Value;
        return RedirectToPage();
    }
}
