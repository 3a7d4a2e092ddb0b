using FanClub.Modules.PremiumChat;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Chat;

/// <summary>The chat module's <see cref="IChatStore"/> on the club's database (<c>chat_messages</c>, <c>chat_mutes</c>).</summary>
public sealed class EfChatStore(FanClubDbContext db) : IChatStore
{
    public async Task<ChatMessage> AddAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        db.ChatMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        return message;
    }

    public async Task<IReadOnlyList<ChatMessage>> RecentAsync(string room, int count, CancellationToken cancellationToken)
    {
        var latest = await db.ChatMessages.AsNoTracking()
            .Where(m => m.Room == room && m.DeletedAt == null)
            .OrderByDescending(m => m.Id)
            .Take(count)
            .ToListAsync(cancellationToken);
        latest.Reverse();
        return latest;
    }

    public async Task<bool> DeleteAsync(string room, long messageId, Guid by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == messageId && m.Room == room, cancellationToken);
        if (message is null)
        {
            return false;
        }

        message.Delete(by, now);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task AddMuteAsync(ChatMute mute, CancellationToken cancellationToken)
    {
        db.ChatMutes.Add(mute);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task<DateTimeOffset?> MutedUntilAsync(string room, Guid memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ChatMutes.AsNoTracking()
            .Where(m => m.Room == room && m.MemberId == memberId && m.Until > now)
            .MaxAsync(m => (DateTimeOffset?)m.Until, cancellationToken);

    public Task<string?> DisplayNameAsync(Guid memberId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == memberId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
}
