using FanClub.Web.Admin;
using FanClub.Web.Admin.Reconciliation;
using FanClub.Web.Billing;
using FanClub.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Admin;

/// <summary>
/// Reconciliation runs (last first), what each found and repaired, and "run now". The button's form
/// carries a run id drawn with the page, so a double click starts one run.
/// </summary>
public sealed class ReconciliationModel(ReconciliationAdmin reconciliation, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int Shown = 20;

    [BindProperty]
    public Guid RunId { get; set; }

    public IReadOnlyList<ReconciliationRecord> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (RunId == Guid.Empty)
        {
            return BadRequest();
        }

        var run = await reconciliation.RunNowAsync(RunId, ct);
        if (!run.Succeeded)
        {
            ModelState.AddModelError(string.Empty, AdminMessages.For(run.Failure!, text));
            await LoadAsync(ct);
            return Page();
        }

        TempData["Status"] = text["AdminReconciliation.Done", run.Value.Checked, run.Value.Repaired, run.Value.GraceExpired].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Runs = await reconciliation.RecentRunsAsync(Shown, ct);
        RunId = Guid.CreateVersion7();
    }
}
