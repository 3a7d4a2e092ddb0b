using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Streams;

/// <summary>What <see cref="StreamSessions.StartOrRenewAsync"/> decided.</summary>
public enum StreamSessionOutcome
{
    /// <summary>A new player, within the limit.</summary>
    Started,

    /// <summary>A player already counted: always allowed, so a member is never cut off mid-stream by the limit.</summary>
    Renewed,

    /// <summary>A new player while the member already has the maximum playing.</summary>
    LimitReached,
}

/// <summary>
/// The per-member concurrent-stream limit, so one subscription cannot feed a roomful of screens.
/// A player counts while it renews its token within the active window (twice the token lifetime:
/// a player renews well before expiry, so missing one renewal is not enough to lose the slot).
/// </summary>
/// <remarks>
/// Deciding and writing happen under a MariaDB named lock per member, so two players starting on
/// two nodes at the same instant cannot both take the last slot.
/// </remarks>
public sealed class StreamSessions(FanClubDbContext db)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public async Task<StreamSessionOutcome> StartOrRenewAsync(
        Guid memberId, string sessionId, string streamId, int maxConcurrent, TimeSpan activeWindow, DateTimeOffset now, CancellationToken ct) =>
        await UnderMemberLockAsync(memberId, async () =>
        {
            var sessions = await db.StreamSessions.Where(s => s.MemberId == memberId).ToListAsync(ct);
            var mine = sessions.SingleOrDefault(s => s.SessionId == sessionId);
            StreamSessionOutcome outcome;
            if (mine is not null && mine.IsActive(now, activeWindow))
            {
                mine.Renew(streamId, now);
                outcome = StreamSessionOutcome.Renewed;
            }
            else if (sessions.Count(s => s != mine && s.IsActive(now, activeWindow)) >= maxConcurrent)
            {
                outcome = StreamSessionOutcome.LimitReached;
            }
            else
            {
                if (mine is null)
                {
                    db.StreamSessions.Add(StreamSession.Start(memberId, sessionId, streamId, now));
                }
                else
                {
                    mine.Restart(streamId, now);
                }

                outcome = StreamSessionOutcome.Started;
            }

            // Players that stopped renewing are of no further use; the table stays the size of the audience.
            db.StreamSessions.RemoveRange(sessions.Where(s => s != mine && !s.IsActive(now, activeWindow)));
            await db.SaveChangesAsync(ct);
            return outcome;
        }, ct);

    /// <summary>The player was closed: its slot is free at once rather than after the active window.</summary>
    public async Task EndAsync(Guid memberId, string sessionId, CancellationToken ct) =>
        await db.StreamSessions.Where(s => s.MemberId == memberId && s.SessionId == sessionId).ExecuteDeleteAsync(ct);

    private async Task<T> UnderMemberLockAsync<T>(Guid memberId, Func<Task<T>> work, CancellationToken ct)
    {
        var lockName = $"fanclub-streams-{memberId:N}";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var acquired = await db.Database
                .SqlQuery<long?>($"SELECT GET_LOCK({lockName}, {(int)LockWait.TotalSeconds}) AS `Value`")
                .SingleAsync(ct);
            if (acquired != 1)
            {
                throw new TimeoutException($"Timed out waiting for lock {lockName}.");
            }

            try
            {
                return await work();
            }
            finally
            {
                await db.Database.SqlQuery<long?>($"SELECT RELEASE_LOCK({lockName}) AS `Value`").SingleAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
