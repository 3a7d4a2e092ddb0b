using System.Security.Claims;
using FanClub.Domain.Partners;
using FanClub.Modules.PremiumChat;
using FanClub.Web.Partners;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FanClub.Web.Pages.Members;

/// <summary>
/// <c>/members/chat/{room}</c>: the room, live over SignalR (<c>wwwroot/js/chat.js</c>), for a
/// member holding its key; the upgrade offer for one who does not (the hub would refuse them anyway).
/// </summary>
public sealed class ChatModel(PartnerCatalog catalog, IEntitlementQuery entitlements) : PageModel
{
    public PartnerResource Room { get; private set; } = null!;

    public bool Entitled { get; private set; }

    public bool Banned { get; private set; }

    public bool Moderator => User.IsInRole(ChatHub.AdminRole);

    public async Task<IActionResult> OnGetAsync(string room, CancellationToken ct)
    {
        if (catalog.FindResource(PremiumChatModule.Id, room) is not { } resource)
        {
            return NotFound();
        }

        Room = resource;
        var now = await entitlements.GetAsync(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        Banned = now.Banned;
        Entitled = !now.Banned && now.Has(resource.RequiredKey);
        return Page();
    }
}
