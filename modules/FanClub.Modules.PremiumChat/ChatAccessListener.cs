using FanClub.Domain.Partners;
using Microsoft.AspNetCore.SignalR;

namespace FanClub.Modules.PremiumChat;

/// <summary>
/// Takes a member out of every room they may no longer use as soon as FanClub says their access
/// changed, without waiting for their next message; a banned member's connections are closed.
/// </summary>
/// <remarks>
/// The host hands every notice to this listener on every node (over Redis in a cluster), and each
/// node acts on the connections it holds. A node that missed a notice still refuses the member at
/// their next join or message (each re-checks).
/// </remarks>
public sealed class ChatAccessListener(ChatConnections connections, ChatRooms rooms, IHubContext<ChatHub> hub) : IEntitlementListener
{
    public async Task OnEntitlementsChangedAsync(EntitlementNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        foreach (var connection in connections.ForMember(notice.MemberId))
        {
            foreach (var roomId in connection.Rooms)
            {
                var room = rooms.Find(roomId);
                if (!notice.Banned && room is not null && notice.Current.Contains(room.RequiredKey))
                {
                    continue;
                }

                connection.Leave(roomId);
                await hub.Groups.RemoveFromGroupAsync(connection.Id, ChatHub.GroupName(roomId), cancellationToken);
                await hub.Clients.Client(connection.Id).SendAsync("removed",
                    new ChatRemoved(roomId, notice.Banned ? "banned" : "not_entitled"), cancellationToken);
            }

            if (notice.Banned)
            {
                connection.Context.Abort();
            }
        }
    }
}
