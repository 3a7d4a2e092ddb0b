using FanClub.Domain.Tiers;
using FanClub.Web.Admin;
using FanClub.Web.Admin.Tiers;
using FanClub.Web.Infrastructure;
using FanClub.Web.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Admin.Tiers;

/// <summary>
/// Edit a tier, change its prices (a new Stripe price for new subscribers), archive it, or move its
/// subscribers to the current price. Every action here changes what members pay or can buy, so it
/// needs a recent sign-in.
/// </summary>
[RequireRecentAuthentication]
public sealed class EditModel(
    TierAdmin tiers, IValidator<TierInput> validator, IValidator<TierActionInput> actionValidator, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public TierInput Input { get; set; } = new();

    [BindProperty]
    public TierActionInput Action { get; set; } = new();

    public Tier Tier { get; private set; } = null!;

    public TierSummary Summary { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input = TierInput.From(Tier);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            ModelState.AddValidationErrors(validation);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        var edited = await tiers.EditAsync(Id, Input, ct);
        return await DoneAsync(edited.Succeeded ? null : edited.Failure, edited.Succeeded && edited.Value ? "AdminTiers.Saved" : "AdminTiers.NothingChanged", ct);
    }

    public async Task<IActionResult> OnPostArchiveAsync(CancellationToken ct)
    {
        if (!await ValidActionAsync(ct))
        {
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        var archived = await tiers.ArchiveAsync(Id, Action.Reason.Trim(), ct);
        return await DoneAsync(archived.Succeeded ? null : archived.Failure, archived.Succeeded && archived.Value ? "AdminTiers.ArchivedDone" : "AdminTiers.NothingChanged", ct);
    }

    public async Task<IActionResult> OnPostMigrateAsync(CancellationToken ct)
    {
        if (!await ValidActionAsync(ct))
        {
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        var migrated = await tiers.MigrateSubscribersAsync(Id, Action.Reason.Trim(), ct);
        if (!migrated.Succeeded)
        {
            return await DoneAsync(migrated.Failure, string.Empty, ct);
        }

        TempData["Status"] = text["AdminTiers.Migrated", migrated.Value.Moved, migrated.Value.Remaining, migrated.Value.Failed].Value;
        return Redirect("/admin/tiers/edit?id=" + Id);
    }

    private async Task<bool> ValidActionAsync(CancellationToken ct)
    {
        var validation = await actionValidator.ValidateAsync(Action, ct);
        ModelState.Clear();
        ModelState.AddValidationErrors(validation, "Action");
        return validation.IsValid;
    }

    private async Task<IActionResult> DoneAsync(Domain.Common.Failure? failure, string doneKey, CancellationToken ct)
    {
        if (failure is null)
        {
            TempData["Status"] = text[doneKey].Value;
            return Redirect("/admin/tiers/edit?id=" + Id);
        }

        ModelState.AddModelError(string.Empty, AdminMessages.For(failure, text));
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var summary = (await tiers.ListAsync(ct)).FirstOrDefault(t => t.Tier.Id == Id);
        if (summary is null)
        {
            return false;
        }

        Summary = summary;
        Tier = summary.Tier;
        if (string.IsNullOrEmpty(Input.Slug))
        {
            Input = TierInput.From(Tier);
        }

        return true;
    }
}
