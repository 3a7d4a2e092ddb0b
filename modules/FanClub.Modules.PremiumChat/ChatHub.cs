using System.Globalization;
using System.Security.Claims;
using FanClub.Domain.Partners;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace FanClub.Modules.PremiumChat;

/// <summary>A message as clients receive it. <see cref="Text"/> is plain text: display it as text, never as HTML.</summary>
public sealed record ChatMessageView(long Id, string Room, Guid MemberId, string Author, string Text, DateTimeOffset SentAt)
{
    public static ChatMessageView From(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.Id, message.Room, message.MemberId, message.AuthorName, message.Text, message.SentAt);
    }
}

/// <summary>What <see cref="ChatHub.Join"/> answers: the room and its latest messages, oldest first.</summary>
public sealed record ChatJoined(string Room, IReadOnlyList<ChatMessageView> Recent);

public sealed record ChatDeleted(string Room, long Id);

public sealed record ChatMuted(string Room, Guid MemberId, DateTimeOffset Until);

/// <summary>Sent to a connection taken out of a room: <c>not_entitled</c> or <c>banned</c>.</summary>
public sealed record ChatRemoved(string Room, string Reason);

/// <summary>
/// The chat hub (<c>/hubs/chat</c>). Server-to-client events: <c>message</c>, <c>deleted</c>,
/// <c>muted</c>, <c>removed</c>. Every refusal is a <see cref="HubException"/> whose message the
/// client may show as it is.
/// </summary>
[Authorize]
public sealed class ChatHub(ChatRooms rooms, ChatConnections connections, IEntitlementQuery entitlements, IChatStore store, TimeProvider clock) : Hub
{
    public const string AdminRole = "Admin";
    public const int HistorySize = 50;
    public const int MaxMuteMinutes = 7 * 24 * 60;

    public static string GroupName(string room) => "room:" + room;

    private Guid MemberId => Guid.Parse(Context.User!.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private ChatConnection Connection => connections.Find(Context.ConnectionId)
        ?? throw new HubException("This connection is closing; reconnect.");

    public override async Task OnConnectedAsync()
    {
        connections.Add(new ChatConnection(Context, MemberId));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public async Task<ChatJoined> Join(string room)
    {
        var resource = rooms.Find(room) ?? throw new HubException($"There is no room '{room}'.");
        // Recorded before the check: a revocation committed after the check then finds this
        // connection in the room and removes it; one committed before is refused by the check.
        Connection.Join(resource.Id);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(resource.Id), Context.ConnectionAborted);
        await RequireAccessAsync(resource);
        var recent = await store.RecentAsync(resource.Id, HistorySize, Context.ConnectionAborted);
        return new ChatJoined(resource.Id, [.. recent.Select(ChatMessageView.From)]);
    }

    public async Task Leave(string room)
    {
        if (Connection.Leave(room))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(room), Context.ConnectionAborted);
        }
    }

    public async Task<ChatMessageView> Send(string room, string text)
    {
        var ct = Context.ConnectionAborted;
        var resource = rooms.Find(room) ?? throw new HubException($"There is no room '{room}'.");
        if (!Connection.IsIn(resource.Id))
        {
            throw new HubException($"Join '{resource.Id}' before posting in it.");
        }

        await RequireAccessAsync(resource);
        var now = clock.GetUtcNow();
        if (await store.MutedUntilAsync(resource.Id, MemberId, now, ct) is { } until)
        {
            throw new HubException($"A moderator muted you in this room until {until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
        }

        var clean = ChatText.Clean(text);
        if (!clean.Succeeded)
        {
            throw new HubException(clean.Failure!.Message);
        }

        var author = await store.DisplayNameAsync(MemberId, ct) ?? "Member";
        var message = await store.AddAsync(ChatMessage.Post(resource.Id, MemberId, author, clean.Value, now), ct);
        var view = ChatMessageView.From(message);
        await Clients.Group(GroupName(resource.Id)).SendAsync("message", view, ct);
        return view;
    }

    [Authorize(Roles = AdminRole)]
    public async Task Delete(string room, long messageId)
    {
        var resource = rooms.Find(room) ?? throw new HubException($"There is no room '{room}'.");
        if (!await store.DeleteAsync(resource.Id, messageId, MemberId, clock.GetUtcNow(), Context.ConnectionAborted))
        {
            throw new HubException($"There is no message {messageId} in '{resource.Id}'.");
        }

        await Clients.Group(GroupName(resource.Id)).SendAsync("deleted", new ChatDeleted(resource.Id, messageId), Context.ConnectionAborted);
    }

    [Authorize(Roles = AdminRole)]
    public async Task<ChatMuted> Mute(string room, Guid memberId, int minutes)
    {
        var resource = rooms.Find(room) ?? throw new HubException($"There is no room '{room}'.");
        if (minutes is < 1 or > MaxMuteMinutes)
        {
            throw new HubException($"A mute lasts from 1 to {MaxMuteMinutes} minutes.");
        }

        var mute = ChatMute.Impose(resource.Id, memberId, TimeSpan.FromMinutes(minutes), MemberId, clock.GetUtcNow());
        await store.AddMuteAsync(mute, Context.ConnectionAborted);
        var muted = new ChatMuted(resource.Id, memberId, mute.Until);
        await Clients.Group(GroupName(resource.Id)).SendAsync("muted", muted, Context.ConnectionAborted);
        return muted;
    }

    /// <summary>Refuses (and takes the connection out of the room) unless the member holds the room's key now.</summary>
    private async Task RequireAccessAsync(PartnerResource room)
    {
        var now = await entitlements.GetAsync(MemberId, Context.ConnectionAborted);
        if (!now.Banned && now.Has(room.RequiredKey))
        {
            return;
        }

        Connection.Leave(room.Id);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(room.Id), Context.ConnectionAborted);
        throw new HubException(now.Banned
            ? "Your account is suspended; you cannot use the chat rooms."
            : $"The room '{room.Name.English}' is for members whose membership includes {room.RequiredKey.Value}. Upgrade to join it.");
    }
}
