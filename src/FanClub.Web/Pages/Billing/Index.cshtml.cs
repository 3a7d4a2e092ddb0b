using System.Security.Claims;
using FanClub.Billing.Checkout;
using FanClub.Billing.Subscriptions;
using FanClub.Domain.Passes;
using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using FanClub.Web.Billing;
using FanClub.Web.Data;
using FanClub.Web.Localization;
using FanClub.Web.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Billing;

/// <summary>The member's billing page: membership, cancel or resume, upgrade, the Stripe portal, invoices.</summary>
[RateLimited(RateLimitedOperation.Checkout)]
public sealed class IndexModel(
    MemberBilling billing, ManageSubscription manage, StartCheckout checkout, FanClubDbContext db, TimeProvider clock,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public BillingView View { get; private set; } = null!;

    public IReadOnlyList<Tier> Upgrades { get; private set; } = [];

    public IReadOnlyList<Tier> Downgrades { get; private set; } = [];

    public IReadOnlyList<PassOffer> PassesOnSale { get; private set; } = [];

    private Guid MemberId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken ct) =>
        ActAsync(manage.CancelAtPeriodEndAsync(MemberId, ct), "Billing.Cancelled", ct);

    public Task<IActionResult> OnPostResumeAsync(CancellationToken ct) =>
        ActAsync(manage.ResumeAsync(MemberId, ct), "Billing.Resumed", ct);

    public Task<IActionResult> OnPostSwitchAsync(Guid tierId, CancellationToken ct) =>
        ActAsync(manage.SwitchTierAsync(MemberId, tierId, ct), "Billing.Switched", ct);

    public async Task<IActionResult> OnPostBuyPassAsync(Guid offerId, CancellationToken ct)
    {
        var returns = CheckoutReturns.For(Url, Request.Scheme);
        var result = await checkout.BuyPassAsync(MemberId, offerId, returns, ct);
        if (result.Succeeded)
        {
            return Redirect(result.Value.ToString());
        }

        ModelState.AddModelError(string.Empty, BillingMessages.For(result.Failure!, text));
        await LoadAsync(ct);
        return Page();
    }

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
        var now = clock.GetUtcNow();
        var owned = View.Passes.Where(p => p.Pass.RevokedAt is null).Select(p => p.Offer.Id).ToHashSet();
        var offers = await db.PassOffers.AsNoTracking().Where(o => !o.IsArchived).OrderBy(o => o.LiveStartsAt).ToListAsync(ct);
        PassesOnSale = [.. offers.Where(o => o.OnSale(now) && !owned.Contains(o.Id))];
        if (View.Subscription is { IsLive: true } subscription && View.Tier is { } current)
        {
            var price = current.PriceFor(subscription.Interval).AmountMinor;
            var tiers = await db.Tiers.AsNoTracking().Where(t => !t.IsArchived).OrderBy(t => t.SortOrder).ToListAsync(ct);
            Upgrades = [.. tiers.Where(t => t.PriceFor(subscription.Interval).AmountMinor > price)];
            Downgrades = [.. tiers.Where(t => t.Id != current.Id && t.PriceFor(subscription.Interval).AmountMinor <= price)];
        }
    }
}
