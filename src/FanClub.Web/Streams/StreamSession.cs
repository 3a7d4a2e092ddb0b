namespace FanClub.Web.Streams;

/// <summary>
/// One player a member has open: a page load of the watch page, identified by the session id its
/// script generated. It counts against the member's concurrent-stream limit while it keeps renewing
/// its token (<see cref="IsActive"/>); a closed tab simply stops renewing and drops out.
/// </summary>
public sealed class StreamSession
{
    // Parameters named after the properties: EF Core materialises rows through it.
    private StreamSession(Guid memberId, string sessionId, string streamId, DateTimeOffset startedAt, DateTimeOffset lastSeenAt)
    {
        MemberId = memberId;
        SessionId = sessionId;
        StreamId = streamId;
        StartedAt = startedAt;
        LastSeenAt = lastSeenAt;
    }

    public Guid MemberId { get; private set; }

    public string SessionId { get; private set; }

    /// <summary>The stream this player last asked for (a player may switch streams).</summary>
    public string StreamId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the player last got a token.</summary>
    public DateTimeOffset LastSeenAt { get; private set; }

    public static StreamSession Start(Guid memberId, string sessionId, string streamId, DateTimeOffset now) =>
        new(memberId, sessionId, streamId, now, now);

    /// <summary>Whether the player renewed within <paramref name="window"/>: it may still be playing.</summary>
    public bool IsActive(DateTimeOffset now, TimeSpan window) => now - LastSeenAt < window;

    /// <summary>The player got a fresh token.</summary>
    public void Renew(string streamId, DateTimeOffset now)
    {
        StreamId = streamId;
        LastSeenAt = now;
    }

    /// <summary>A player that had stopped renewing came back: it counts as a new start.</summary>
    public void Restart(string streamId, DateTimeOffset now)
    {
        StartedAt = now;
        Renew(streamId, now);
    }
}
