namespace FanClub.Modules.PremiumChat;

/// <summary>One message posted in a room. Deleting hides it from members but keeps it for moderation records.</summary>
public sealed class ChatMessage
{
    private ChatMessage()
    {
        Room = string.Empty;
        AuthorName = string.Empty;
        Text = string.Empty;
    }

    public long Id { get; private set; }

    public string Room { get; private set; }

    public Guid MemberId { get; private set; }

    /// <summary>The display name when the message was posted, so history reads as it did.</summary>
    public string AuthorName { get; private set; }

    /// <summary>Plain text, already through <see cref="ChatText.Clean"/>; never HTML.</summary>
    public string Text { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public Guid? DeletedBy { get; private set; }

    public static ChatMessage Post(string room, Guid memberId, string authorName, ChatText text, DateTimeOffset now) =>
        new() { Room = room, MemberId = memberId, AuthorName = authorName, Text = text.Value, SentAt = now };

    public void Delete(Guid by, DateTimeOffset now)
    {
        if (DeletedAt is null)
        {
            DeletedAt = now;
            DeletedBy = by;
        }
    }
}

/// <summary>A member kept from posting in one room until <see cref="Until"/>.</summary>
public sealed class ChatMute
{
    private ChatMute()
    {
        Room = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Room { get; private set; }

    public Guid MemberId { get; private set; }

    public DateTimeOffset Until { get; private set; }

    public Guid MutedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static ChatMute Impose(string room, Guid memberId, TimeSpan duration, Guid by, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), Room = room, MemberId = memberId, Until = now + duration, MutedBy = by, CreatedAt = now };
}

/// <summary>Where the chat module keeps messages and mutes; the host implements it on its database.</summary>
public interface IChatStore
{
    /// <summary>Saves a new message and returns it with its id.</summary>
    Task<ChatMessage> AddAsync(ChatMessage message, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="count"/> messages not deleted, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> RecentAsync(string room, int count, CancellationToken cancellationToken);

    /// <summary>Marks a message of <paramref name="room"/> deleted; false if there is no such message there.</summary>
    Task<bool> DeleteAsync(string room, long messageId, Guid by, DateTimeOffset now, CancellationToken cancellationToken);

    Task AddMuteAsync(ChatMute mute, CancellationToken cancellationToken);

    /// <summary>Until when the member is muted in the room, or null if they may post.</summary>
    Task<DateTimeOffset?> MutedUntilAsync(string room, Guid memberId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The member's display name, shown with their messages.</summary>
    Task<string?> DisplayNameAsync(Guid memberId, CancellationToken cancellationToken);
}
