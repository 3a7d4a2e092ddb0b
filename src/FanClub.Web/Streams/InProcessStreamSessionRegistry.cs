using System.Collections.Concurrent;
using FanClub.Web.Partners.Tokens;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Streams;

/// <summary>
/// The registry of a node running alone: each member's players in this process, under a lock of
/// that member's own (no lock is shared across members), so a decision costs a dictionary lookup
/// and a few comparisons, never a round trip.
/// </summary>
/// <remarks>
/// Memory stays the size of the audience: a member holds at most their limit of players (twice it
/// while recovering), lapsed players are dropped at the member's next request, and
/// <see cref="StreamSessionSweeper"/> removes members whose players all lapsed every minute (a
/// player is about 150 bytes). A restart starts empty: for the first active window a member may
/// run up to <see cref="StreamSessionRules.RecoveringLimit"/> players, because the players they
/// had before the restart come back as unknown ones and must not be refused mid-stream.
/// </remarks>
public sealed class InProcessStreamSessionRegistry : IStreamSessionRegistry
{
    private readonly ConcurrentDictionary<Guid, MemberPlayers> _members = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _window;
    private readonly DateTimeOffset _recoveringUntil;

    public InProcessStreamSessionRegistry(TimeProvider clock, IOptions<PartnerTokenOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _window = StreamSessionRules.ActiveWindow(options.Value);
        _recoveringUntil = clock.GetUtcNow() + _window;
    }

    /// <summary>Members with at least one player held (lapsed ones included until the next sweep).</summary>
    public int MemberCount => _members.Count;

    /// <summary>Every player held, for diagnostics and tests.</summary>
    public int PlayerCount => _members.Values.Sum(m => m.Count);

    /// <summary>The member's players held (lapsed ones included until the member's next request or the next sweep).</summary>
    public int PlayersOf(Guid memberId) => _members.TryGetValue(memberId, out var players) ? players.Count : 0;

    public ValueTask<StreamSessionOutcome> StartOrRenewAsync(Guid memberId, string sessionId, int maxConcurrent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var now = _clock.GetUtcNow();
        var limit = now < _recoveringUntil ? StreamSessionRules.RecoveringLimit(maxConcurrent) : maxConcurrent;
        while (true)
        {
            var players = _members.GetOrAdd(memberId, static _ => new MemberPlayers());
            lock (players.Gate)
            {
                // The sweeper removed this member between the lookup and the lock: use a fresh entry.
                if (!players.Retired)
                {
                    return ValueTask.FromResult(players.StartOrRenew(sessionId, now, _window, limit));
                }
            }
        }
    }

    public ValueTask EndAsync(Guid memberId, string sessionId, CancellationToken cancellationToken)
    {
        if (_members.TryGetValue(memberId, out var players))
        {
            lock (players.Gate)
            {
                players.End(sessionId);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask EndAllAsync(Guid memberId, CancellationToken cancellationToken)
    {
        if (_members.TryGetValue(memberId, out var players))
        {
            lock (players.Gate)
            {
                players.EndAll();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Drops lapsed players, and members left with none, so a night's audience does not stay in memory.</summary>
    public void Prune()
    {
        var now = _clock.GetUtcNow();
        foreach (var (memberId, players) in _members)
        {
            lock (players.Gate)
            {
                if (players.Prune(now, _window) == 0)
                {
                    players.Retired = true;
                    _members.TryRemove(KeyValuePair.Create(memberId, players));
                }
            }
        }
    }

    /// <summary>The players of one member; every member touches it under <see cref="Gate"/> only.</summary>
    private sealed class MemberPlayers
    {
        private readonly List<Player> _players = new(2);

        public Lock Gate { get; } = new();

        /// <summary>Removed from the registry: a request that still holds it must look the member up again.</summary>
        public bool Retired { get; set; }

        public int Count => _players.Count;

        public StreamSessionOutcome StartOrRenew(string sessionId, DateTimeOffset now, TimeSpan window, int limit)
        {
            // A lapsed player is gone, its own included: one that comes back is a new start.
            Prune(now, window);
            foreach (var player in _players)
            {
                if (player.SessionId == sessionId)
                {
                    player.LastSeenAt = now;
                    return StreamSessionOutcome.Renewed;
                }
            }

            if (_players.Count >= limit)
            {
                return StreamSessionOutcome.LimitReached;
            }

            _players.Add(new Player(sessionId, now));
            return StreamSessionOutcome.Started;
        }

        public void End(string sessionId) => _players.RemoveAll(p => p.SessionId == sessionId);

        public void EndAll() => _players.Clear();

        public int Prune(DateTimeOffset now, TimeSpan window)
        {
            _players.RemoveAll(p => now - p.LastSeenAt >= window);
            return _players.Count;
        }
    }

    private sealed class Player(string sessionId, DateTimeOffset lastSeenAt)
    {
        public string SessionId { get; } = sessionId;

        public DateTimeOffset LastSeenAt { get; set; } = lastSeenAt;
    }
}

/// <summary>Every minute, drops the in-process registry's lapsed players; idle when the registry is Redis's.</summary>
public sealed class StreamSessionSweeper(IStreamSessionRegistry registry, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry is not InProcessStreamSessionRegistry local)
        {
            return; // Redis expires its keys by itself.
        }

        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            local.Prune();
        }
    }
}
