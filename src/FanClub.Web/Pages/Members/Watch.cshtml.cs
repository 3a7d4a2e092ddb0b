using System.Globalization;
using System.Security.Claims;
using FanClub.Domain.Partners;
using FanClub.Web.Entitlements;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Members;

/// <summary>
/// <c>/members/watch/{streamId}</c>: the HLS player for a member who holds the stream's key, an
/// upgrade offer (a normal page, not an error) for one who does not. The player itself gets its
/// signed URLs from <c>POST /api/me/streams/{streamId}/token</c>, which checks again every renewal.
/// </summary>
public sealed class WatchModel(PartnerCatalog catalog, EntitlementReader reader) : PageModel
{
    public string StreamId { get; private set; } = string.Empty;

    public string StreamName { get; private set; } = string.Empty;

    public bool Entitled { get; private set; }

    public int MaxConcurrentStreams { get; private set; }

    public async Task<IActionResult> OnGetAsync(string streamId, CancellationToken ct)
    {
        var delivery = HttpContext.RequestServices.GetService<IStreamDelivery>();
        if (delivery is null || catalog.FindResource(delivery.PartnerId, streamId) is not { } stream)
        {
            return NotFound();
        }

        var entitlements = await reader.GetAsync(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        StreamId = stream.Id;
        StreamName = stream.Name.For(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        Entitled = !entitlements.Banned && entitlements.Has(stream.RequiredKey);
        MaxConcurrentStreams = delivery.MaxConcurrentStreams;
        return Page();
    }
}
