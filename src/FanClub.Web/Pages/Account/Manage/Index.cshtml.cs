using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account.Manage;

public sealed class ProfileInput
{
    public string DisplayName { get; set; } = string.Empty;
}

public sealed class ProfileInputValidator : AbstractValidator<ProfileInput>
{
    public ProfileInputValidator(IStringLocalizer<SharedResource> text) => RuleFor(i => i.DisplayName).DisplayName(text);
}

/// <summary>The account page: who you are to the club, and your display name.</summary>
public sealed class IndexModel(
    UserManager<FanClubUser> users, SignInManager<FanClubUser> signIn, IValidator<ProfileInput> validator, IStringLocalizer<SharedResource> text)
    : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public string Email { get; private set; } = string.Empty;

    public DateTimeOffset MemberSince { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Show(user);
        Input.DisplayName = user.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Show(user);
        var validation = await validator.ValidateAsync(Input, cancellationToken);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        user.DisplayName = Input.DisplayName.Trim();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            ModelState.AddIdentityErrors(updated);
            return Page();
        }

        // The cookie carries the display name (the members area greets with it).
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = text["Manage.Saved"].Value;
        return RedirectToPage();
    }

    private void Show(FanClubUser user)
    {
        Email = user.Email ?? string.Empty;
        MemberSince = user.CreatedAt;
    }
}
