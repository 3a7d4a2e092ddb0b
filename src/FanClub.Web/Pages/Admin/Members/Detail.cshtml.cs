using System.Globalization;
using System.Security.Claims;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Web.Admin;
using FanClub.Web.Admin.Members;
using FanClub.Web.Data;
using FanClub.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Admin.Members;

/// <summary>The fields of every action form on the member page; each handler reads the ones it needs.</summary>
public sealed class MemberActionInput
{
    /// <summary>One per rendered form: the same form posted twice is done once.</summary>
    public string RequestKey { get; set; } = string.Empty;

    public string? Reason { get; set; }

    /// <summary>The "yes, I mean it" box of destructive actions.</summary>
    public bool Confirm { get; set; }

    public Guid? TierId { get; set; }

    public int Days { get; set; }

    public bool AtPeriodEnd { get; set; }

    public string? PaymentId { get; set; }

    /// <summary>Major units ("12.50"); empty for a full refund.</summary>
    public string? Amount { get; set; }

    public Guid? NoticeId { get; set; }
}

/// <summary>
/// One member: profile, subscription, entitlements with their reasons, payments, the timeline, and
/// the admin's actions. Actions need a recent authentication and, when destructive, a reason and a
/// ticked confirmation.
/// </summary>
[RequireRecentAuthentication]
public sealed class DetailModel(MemberDirectory directory, MemberActions actions, FanClubDbContext db, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public MemberActionInput Input { get; set; } = new();

    public MemberDetail Member { get; private set; } = null!;

    public IReadOnlyList<Tier> Tiers { get; private set; } = [];

    /// <summary>A fresh key for each form on this rendering of the page.</summary>
    public static string NewRequestKey() => Guid.NewGuid().ToString("N");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostCompAsync(CancellationToken ct) =>
        RunAsync(Input.TierId is null || Input.Days < 1 ? "Admin.Action.TierAndDays" : null, requireConfirmation: false,
            () => actions.CompAsync(Id, Input.TierId!.Value, Input.Days, Input.Reason ?? string.Empty, Input.RequestKey, AdminId, ct), "Admin.Action.Comped", ct);

    public Task<IActionResult> OnPostBanAsync(CancellationToken ct) =>
        RunAsync(null, requireConfirmation: true, () => actions.BanAsync(Id, Input.Reason ?? string.Empty, Input.RequestKey, AdminId, ct), "Admin.Action.Banned", ct);

    public Task<IActionResult> OnPostUnbanAsync(CancellationToken ct) =>
        RunAsync(null, requireConfirmation: false, () => actions.UnbanAsync(Id, Input.Reason ?? string.Empty, Input.RequestKey, ct), "Admin.Action.Unbanned", ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        RunAsync(null, requireConfirmation: true, () => actions.CancelAsync(Id, Input.AtPeriodEnd, Input.Reason ?? string.Empty, Input.RequestKey, ct), "Admin.Action.Cancelled", ct);

    public Task<IActionResult> OnPostChangeTierAsync(CancellationToken ct) =>
        RunAsync(Input.TierId is null ? "Admin.Action.TierRequired" : null, requireConfirmation: true,
            () => actions.ChangeTierAsync(Id, Input.TierId!.Value, Input.Reason ?? string.Empty, Input.RequestKey, ct), "Admin.Action.TierChanged", ct);

    public Task<IActionResult> OnPostRefundAsync(CancellationToken ct)
    {
        long? minor = null;
        string? problem = string.IsNullOrEmpty(Input.PaymentId) ? "Admin.Action.PaymentRequired" : null;
        if (!string.IsNullOrWhiteSpace(Input.Amount))
        {
            // Two-decimal currencies (EUR, USD, GBP...): the ones FanClub sells in.
            if (decimal.TryParse(Input.Amount.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var major) && major > 0 && decimal.Round(major, 2) == major)
            {
                minor = (long)(major * 100);
            }
            else
            {
                problem = "Admin.Action.AmountInvalid";
            }
        }

        return RunAsync(problem, requireConfirmation: true,
            () => actions.RefundAsync(Id, Input.PaymentId!, minor, Input.Reason ?? string.Empty, Input.RequestKey, ct), "Admin.Action.Refunded", ct);
    }

    public Task<IActionResult> OnPostResendAsync(CancellationToken ct) =>
        RunAsync(Input.NoticeId is null ? "Admin.Action.EmailRequired" : null, requireConfirmation: false,
            () => actions.ResendAsync(Id, Input.NoticeId!.Value, Input.RequestKey, ct), "Admin.Action.Resent", ct);

    private Guid AdminId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private async Task<IActionResult> RunAsync(string? problem, bool requireConfirmation, Func<Task<Result<AdminActionOutcome>>> action, string doneKey, CancellationToken ct)
    {
        if (problem is null && requireConfirmation && !Input.Confirm)
        {
            problem = "Admin.Action.ConfirmRequired";
        }

        if (problem is null && requireConfirmation && string.IsNullOrWhiteSpace(Input.Reason))
        {
            problem = "Admin.Action.ReasonRequired";
        }

        if (problem is not null)
        {
            ModelState.AddModelError(string.Empty, text[problem]);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        var outcome = await action();
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError(string.Empty, text["Admin.Action.Failed", outcome.Failure!.Message]);
            return await LoadAsync(ct) ? Page() : NotFound();
        }

        TempData["Status"] = text[outcome.Value == AdminActionOutcome.AlreadyDone ? "Admin.Action.AlreadyDone" : doneKey].Value;
        return RedirectToPage(new { Id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await directory.GetAsync(Id, ct) is not { } member)
        {
            return false;
        }

        Member = member;
        Tiers = await db.Tiers.AsNoTracking().Where(t => !t.IsArchived).OrderBy(t => t.SortOrder).ToListAsync(ct);
        return true;
    }
}
