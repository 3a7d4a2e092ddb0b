using FanClub.Web.Admin;
using FanClub.Web.Admin.Partners;
using FanClub.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FanClub.Web.Pages.Admin.Partners;

/// <summary>The partner webhook delivery log, newest first, with a retry-now button on undelivered ones.</summary>
public sealed class DeliveriesModel(PartnerAdmin partners, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "partner")]
    public string? PartnerId { get; set; }

    [BindProperty(SupportsGet = true, Name = "failing")]
    public bool FailingOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public long? Before { get; set; }

    public IReadOnlyList<DeliveryRow> Deliveries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRetryAsync(long deliveryId, CancellationToken ct)
    {
        var retried = await partners.RetryDeliveryAsync(deliveryId, ct);
        if (!retried.Succeeded)
        {
            ModelState.AddModelError(string.Empty, AdminMessages.For(retried.Failure!, text));
            await LoadAsync(ct);
            return Page();
        }

        TempData["Status"] = retried.Value ? text["AdminPartners.RetryQueued", deliveryId].Value : text["AdminPartners.NothingChanged"].Value;
        return Redirect(Request.Path + Request.QueryString);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Deliveries = await partners.DeliveriesAsync(PartnerId, FailingOnly, Before, ct);
    }
}
