using FanClub.Domain.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace FanClub.Modules.PremiumChat;

/// <summary>
/// Premium chat: rooms on ASP.NET Core SignalR, each gated by an entitlement key. Joining and every
/// message re-check the member's entitlements; a revocation or ban removes the member's connections
/// from rooms they may no longer use as soon as the host's notice arrives.
/// </summary>
/// <remarks>
/// The host supplies <see cref="IEntitlementQuery"/> and <see cref="IChatStore"/>, calls
/// <c>AddSignalR()</c>, and maps the hub with <see cref="MapPremiumChat"/>.
/// </remarks>
public sealed class PremiumChatModule : IPartnerModule
{
    public const string Id = "premiumchat";

    /// <summary>Where the host maps the hub.</summary>
    public const string HubPath = "/hubs/chat";

    private ChatRooms _rooms = ChatRooms.Defaults;

    /// <summary>The manifest; its rooms are the default ones until <see cref="Register"/> has read the settings.</summary>
    public PartnerManifest Manifest => new(Id, "Premium chat", "1.0.0", PartnerKind.Chat, _rooms.All);

    public void Register(IPartnerRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        _rooms = ChatRooms.FromSettings(registrar.Settings);
        var rooms = _rooms;
        registrar.AddSingleton(_ => rooms);
        registrar.AddSingleton(_ => new ChatConnections());
        registrar.AddEntitlementListener(services => new ChatAccessListener(
            services.GetRequiredService<ChatConnections>(), rooms, services.GetRequiredService<IHubContext<ChatHub>>()));
    }

    /// <summary>Maps the chat hub at <see cref="HubPath"/>, for signed-in members only.</summary>
    public static IEndpointConventionBuilder MapPremiumChat(IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<ChatHub>(HubPath, options => options.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling)
            .RequireAuthorization();
}
