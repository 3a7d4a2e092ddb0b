using FanClub.Web.Partners.Tokens;

namespace FanClub.Web.Streams;

/// <summary>What <see cref="IStreamSessionRegistry.StartOrRenewAsync"/> decided.</summary>
public enum StreamSessionOutcome
{
    /// <summary>A new player, within the limit.</summary>
    Started,

    /// <summary>A player already counted: always allowed, so a member is never cut off mid-stream by the limit.</summary>
    Renewed,

    /// <summary>A new player while the member already has the maximum playing.</summary>
    LimitReached,

    /// <summary>The registry could not be asked (Redis down): allowed without counting, so nobody watching is cut off.</summary>
    Unchecked,
}

/// <summary>
/// The per-member concurrent-stream limit, so one subscription cannot feed a roomful of screens.
/// A player counts while it renews its token within the active window (<see cref="StreamSessionRules.ActiveWindow"/>:
/// a player renews well before expiry, so missing one renewal is not enough to lose the slot); a
/// renewal of a counted player is always allowed; a closed player frees its slot at once.
/// </summary>
/// <remarks>
/// Which players are alive now is ephemeral state: it lives in this process
/// (<see cref="InProcessStreamSessionRegistry"/>) or, with several nodes, in Redis
/// (<see cref="RedisStreamSessionRegistry"/>), never in MariaDB, so minting a token makes no
/// database round trip for it.
/// </remarks>
public interface IStreamSessionRegistry
{
    /// <summary>Counts the player <paramref name="sessionId"/> of the member, or refuses it when it would be one too many.</summary>
    ValueTask<StreamSessionOutcome> StartOrRenewAsync(Guid memberId, string sessionId, int maxConcurrent, CancellationToken cancellationToken);

    /// <summary>The player was closed: its slot is free at once rather than after the active window.</summary>
    ValueTask EndAsync(Guid memberId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Forgets every player of the member (a ban): their slots are free at once.</summary>
    ValueTask EndAllAsync(Guid memberId, CancellationToken cancellationToken);
}

/// <summary>The timing rules every registry applies.</summary>
public static class StreamSessionRules
{
    /// <summary>How long a player counts after its last renewal: twice the stream token lifetime (10 minutes by default).</summary>
    public static TimeSpan ActiveWindow(PartnerTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return 2 * options.StreamTokenLifetime;
    }

    /// <summary>
    /// The limit while a registry may have lost track of players that are still playing (the first
    /// active window after this node started, or after Redis came back): twice the member's limit,
    /// so every player counted before finds its place again as it renews, even when the member
    /// opened new ones first. After one window every live player has renewed and the limit is exact.
    /// </summary>
    public static int RecoveringLimit(int maxConcurrent) => 2 * maxConcurrent;
}
