using System.Security.Claims;
using FanClub.Billing.Checkout;
using FanClub.Domain.Subscriptions;
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

/// <summary>
/// Confirms the tier and the billing interval, then sends the member to Stripe Checkout. The
/// checkout use case makes a double click or a second tab land on the same Checkout page.
/// </summary>
[RateLimited(RateLimitedOperation.Checkout)]
public sealed class SubscribeModel(FanClubDbContext db, StartCheckout checkout, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "tier")]
    public string? Slug { get; set; }

    [BindProperty(SupportsGet = true)]
    public BillingInterval Interval { get; set; } = BillingInterval.Month;

    public Tier? Tier { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Tier = await FindAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Tier = await FindAsync(ct);
        if (Tier is null)
        {
            ModelState.AddModelError(string.Empty, text["Billing.TierUnavailable"]);
            return Page();
        }

        // A value that did not bind ("blank", "-1", "99999…") leaves the default, Month: refuse it
        // rather than open a checkout the member never chose.
        if (ModelState.GetFieldValidationState(nameof(Interval)) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid || !Enum.IsDefined(Interval))
        {
            ModelState.AddModelError(string.Empty, text["Billing.IntervalInvalid"]);
            return Page();
        }

        var memberId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var returns = CheckoutReturns.For(Url, Request.Scheme);
        var result = await checkout.SubscribeAsync(memberId, Tier.Id, Interval, returns, ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, BillingMessages.For(result.Failure!, text));
            return Page();
        }

        return Redirect(result.Value.ToString());
    }

    private Task<Tier?> FindAsync(CancellationToken ct) =>
        string.IsNullOrEmpty(Slug) || Slug.Length > 40
            ? Task.FromResult<Tier?>(null)
            : db.Tiers.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == Slug && !t.IsArchived, ct);
}
