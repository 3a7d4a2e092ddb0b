using System.Text;
using FanClub.Web.Accounts;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace FanClub.Web.Pages.Account.Manage;

/// <summary>
/// Pairs an authenticator app (TOTP, RFC 6238): show the key as text and QR code, switch
/// two-factor on only once the member proves the app produces valid codes.
/// </summary>
public sealed class EnableAuthenticatorModel(
    UserManager<FanClubUser> users, IValidator<TwoFactorCodeInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public TwoFactorCodeInput Input { get; set; } = new();

    public string SharedKey { get; private set; } = string.Empty;

    public string QrCodeDataUri { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await ShowKeyAsync(user);
        return Page();
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
            await ShowKeyAsync(user);
            return Page();
        }

        var code = Input.Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", text["TwoFactor.WrongCode"]);
            await ShowKeyAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorModel.RecoveryCodeCount);
        TempData[RecoveryCodesModel.TempDataKey] = codes!.ToArray();
        return RedirectToPage("RecoveryCodes");
    }

    private async Task ShowKeyAsync(FanClubUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        SharedKey = Group(key!);
        var uri = $"otpauth://totp/FanClub:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=FanClub&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        QrCodeDataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    /// <summary>"ABCD EFGH ..." is easier to type into a phone than 32 letters in a row.</summary>
    private static string Group(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
}
