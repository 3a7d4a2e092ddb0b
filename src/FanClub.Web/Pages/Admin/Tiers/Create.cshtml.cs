using FanClub.Web.Admin;
using FanClub.Web.Admin.Tiers;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Admin.Tiers;

/// <summary>A new tier. The form carries the tier's id, drawn with the page, so submitting it twice creates one tier.</summary>
public sealed class CreateModel(TierAdmin tiers, IValidator<TierInput> validator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public TierInput Input { get; set; } = new();

    public void OnGet() => Input = new TierInput { Id = Guid.CreateVersion7(), Currency = "EUR" };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || Input.Id == Guid.Empty)
        {
            ModelState.AddValidationErrors(validation);
            return Page();
        }

        var created = await tiers.CreateAsync(Input, ct);
        if (!created.Succeeded)
        {
            ModelState.AddModelError(created.Failure!.Code == "tier.slug_taken" ? "Input.Slug" : string.Empty, AdminMessages.For(created.Failure, text));
            return Page();
        }

        TempData["Status"] = text["AdminTiers.Created"].Value;
        return Redirect("/admin/tiers/edit?id=" + created.Value.Id);
    }
}
