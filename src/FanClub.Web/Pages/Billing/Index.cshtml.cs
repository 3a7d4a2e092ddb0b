using System.Security.Claims;
using FanClub.Billing.Subscriptions;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Web.Billing;
using FanClub.Web.Data;
using FanClub.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Billing;

/// <summary>The member's billing page: membership, cancel or resume, upgrade, the Stripe portal, invoices.</summary>
public sealed class IndexModel(
    MemberBilling billing, ManageSubscription manage, FanClubDbContext db, IStringLocalizer<SharedResource> text) : PageModel
{
    public BillingView View { get; private set; } = null!;

    public IReadOnlyList<Tier> Upgrades { get; private set; } = [];

    private Guid MemberId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        ActAsync(manage.CancelAtPeriodEndAsync(MemberId, ct), "Billing.Cancelled", ct);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken ct) =>
        ActAsync(manage.ResumeAsync(MemberId, ct), "Billing.Resumed", ct);

    public Task<IActionResult> OnPostSwitchAsync(Guid tierId, CancellationToken ct) =>
        ActAsync(manage.SwitchTierAsync(MemberId, tierId, ct), "Billing.Switched", ct);

    public async Task<IActionResult> OnPostPortalAsync(CancellationToken ct)
    {
        var portal = await manage.OpenPortalAsync(MemberId, new Uri(Url.Page("/Billing/Index", null, null, Request.Scheme)!), ct);
        if (portal.Succeeded)
        {
            return Redirect(portal.Value.ToString());
        }

        ModelState.AddModelError(string.Empty, BillingMessages.For(portal.Failure!, text));
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> ActAsync(Task<Result<bool>> action, string doneKey, CancellationToken ct)
    {
        var result = await action;
        if (result.Succeeded)
        {
            TempData["Status"] = text[doneKey].Value;
            return RedirectToPage();
        }

        ModelState.AddModelError(string.Empty, BillingMessages.For(result.Failure!, text));
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await billing.GetAsync(MemberId, ct);
        Response.Headers.CacheControl = "private, no-store";
        if (View.Subscription is { IsLive: true } subscription && View.Tier is { } current)
        {
            var price = current.PriceFor(subscription.Interval).AmountMinor;
            var tiers = await db.Tiers.AsNoTracking().Where(t => !t.IsArchived).OrderBy(t => t.SortOrder).ToListAsync(ct);
            Upgrades = [.. tiers.Where(t => t.PriceFor(subscription.Interval).AmountMinor > price)];
        }
    }
}
