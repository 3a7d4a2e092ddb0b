using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Account.Manage;

/// <summary>Shows freshly generated recovery codes once; they are stored hashed and cannot be shown again.</summary>
public sealed class RecoveryCodesModel : PageModel
{
    public const string TempDataKey = "RecoveryCodes";

    public IReadOnlyList<string> Codes { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (TempData[TempDataKey] is not string[] codes)
        {
            return RedirectToPage("TwoFactor");
        }

        Codes = codes;
        return Page();
    }
}
