using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace FanClub.Modules.PremiumChat;

/// <summary>
/// Who is connected to this node's hub and which rooms each connection joined, so that a revocation
/// can find the member's connections without waiting for them to speak.
/// </summary>
public sealed class ChatConnections
{
    private readonly ConcurrentDictionary<string, ChatConnection> _byId = new(StringComparer.Ordinal);

    public void Add(ChatConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _byId[connection.Id] = connection;
    }

    public ChatConnection? Find(string connectionId) => _byId.TryGetValue(connectionId, out var connection) ? connection : null;

    public void Remove(string connectionId) => _byId.TryRemove(connectionId, out _);

    public IReadOnlyList<ChatConnection> ForMember(Guid memberId) => [.. _byId.Values.Where(c => c.MemberId == memberId)];
}

/// <summary>One open hub connection of a member.</summary>
public sealed class ChatConnection(HubCallerContext context, Guid memberId)
{
    private readonly ConcurrentDictionary<string, byte> _rooms = new(StringComparer.Ordinal);

    public string Id => Context.ConnectionId;

    public Guid MemberId { get; } = memberId;

    /// <summary>Kept to close the connection from outside a hub call (a ban).</summary>
    public HubCallerContext Context { get; } = context;

    public IReadOnlyCollection<string> Rooms => [.. _rooms.Keys];

    public void Join(string room) => _rooms[room] = 0;

    public bool Leave(string room) => _rooms.TryRemove(room, out _);

    public bool IsIn(string room) => _rooms.ContainsKey(room);
}
