using System.Reflection;
using System.Text.Json;
using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Account.Manage;

public sealed class DeleteAccountInput
{
    public string Password { get; set; } = string.Empty;
}

public sealed class DeleteAccountInputValidator : AbstractValidator<DeleteAccountInput>
{
    public DeleteAccountInputValidator(IStringLocalizer<SharedResource> text) => RuleFor(i => i.Password).CurrentPassword(text);
}

/// <summary>The member's data, downloadable as JSON, and deleting the account (GDPR articles 15, 17 and 20).</summary>
public sealed class PersonalDataModel(
    UserManager<FanClubUser> users, SignInManager<FanClubUser> signIn, AccountClosing closing,
    IValidator<DeleteAccountInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty]
    public DeleteAccountInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostDownloadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var data = typeof(FanClubUser).GetProperties()
            .Where(p => p.IsDefined(typeof(PersonalDataAttribute)))
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.GetValue(user));
        data["roles"] = await users.GetRolesAsync(user);
        data["externalLogins"] = (await users.GetLoginsAsync(user)).Select(l => l.LoginProvider).ToArray();
        data["authenticatorKeySet"] = await users.GetAuthenticatorKeyAsync(user) is not null;

        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", "fanclub-personal-data.json");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
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

        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError("Input.Password", text["Manage.WrongPassword"]);
            return Page();
        }

        var closed = await closing.CloseAsync(user, cancellationToken);
        if (!closed.Succeeded)
        {
            ModelState.AddModelError(string.Empty, closed.Failure!.Message);
            return Page();
        }

        await signIn.SignOutAsync();
        TempData["Status"] = text["PersonalData.Deleted"].Value;
        return LocalRedirect("/");
    }
}
