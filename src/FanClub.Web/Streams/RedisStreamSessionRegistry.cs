using FanClub.Web.Partners.Tokens;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FanClub.Web.Streams;

/// <summary>
/// The registry of a cluster (<c>ConnectionStrings:Redis</c> set): each member's players are a
/// sorted set in Redis (session id, scored by its last renewal in Unix milliseconds), and one Lua
/// script drops the lapsed ones, counts and adds in a single atomic step, one round trip per start
/// or renewal. Two players starting on two nodes at the same instant cannot both take the last slot.
/// The key expires one active window after its last renewal, so Redis keeps only the live audience.
/// </summary>
/// <remarks>
/// When Redis does not answer (down, or slower than <see cref="AnswerWithin"/>), a request is
/// allowed without counting (<see cref="StreamSessionOutcome.Unchecked"/>): without the registry a
/// renewal cannot be told from a new start, and refusing would cut off members who are watching.
/// The entitlement check still runs, so nobody without access gets a token; what is lost for the
/// length of the outage is only the per-member limit. When Redis answers again (it may have
/// restarted empty), the recovering limit applies for one active window while players re-register.
/// </remarks>
public sealed partial class RedisStreamSessionRegistry : IStreamSessionRegistry, IDisposable
{
    /// <summary>A token request waits at most this long for Redis before it is allowed unchecked.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1);

    // KEYS[1] the member's players; ARGV: session id, now (ms), window (ms), limit.
    private const string StartOrRenewScript = """
        local now = tonumber(ARGV[2])
        local window = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not known and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
          return 2
        end
        redis.call('ZADD', KEYS[1], now, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], window)
        if known then
          return 1
        end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _window;
    private readonly ILogger<RedisStreamSessionRegistry> _logger;
    private long _recoveringUntilTicks;
    private int _unreachable;

    public RedisStreamSessionRegistry(IConnectionMultiplexer redis, TimeProvider clock, IOptions<PartnerTokenOptions> options, ILogger<RedisStreamSessionRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _clock = clock;
        _window = StreamSessionRules.ActiveWindow(options.Value);
        _logger = logger;
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>The Redis key of a member's players.</summary>
    public static RedisKey KeyOf(Guid memberId) => "fanclub:streams:" + memberId.ToString("N");

    public async ValueTask<StreamSessionOutcome> StartOrRenewAsync(Guid memberId, string sessionId, int maxConcurrent, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var limit = now.UtcTicks < Interlocked.Read(ref _recoveringUntilTicks) ? StreamSessionRules.RecoveringLimit(maxConcurrent) : maxConcurrent;
        try
        {
            if (!_redis.IsConnected)
            {
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "not connected");
            }

            var answer = await _redis.GetDatabase()
                .ScriptEvaluateAsync(StartOrRenewScript, [KeyOf(memberId)],
                    [sessionId, now.ToUnixTimeMilliseconds(), (long)_window.TotalMilliseconds, limit])
                .WaitAsync(AnswerWithin, cancellationToken);
            Reachable(now);
            return (int)answer switch
            {
                0 => StreamSessionOutcome.Started,
                1 => StreamSessionOutcome.Renewed,
                _ => StreamSessionOutcome.LimitReached,
            };
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
            return StreamSessionOutcome.Unchecked;
        }
    }

    public async ValueTask EndAsync(Guid memberId, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.GetDatabase().SortedSetRemoveAsync(KeyOf(memberId), sessionId).WaitAsync(AnswerWithin, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The slot frees itself when the player stops renewing.
            Unreachable(e);
        }
    }

    public async ValueTask EndAllAsync(Guid memberId, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.GetDatabase().KeyDeleteAsync(KeyOf(memberId)).WaitAsync(AnswerWithin, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
        }
    }

    public void Dispose() => _redis.ConnectionRestored -= OnConnectionRestored;

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Recover(_clock.GetUtcNow());

    private void Unreachable(Exception e)
    {
        // Logged once per outage, not once per request: at launch-night rates that would be thousands a second.
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            LogUnreachable(_logger, e.GetType().Name);
        }
    }

    private void Reachable(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            Recover(now);
            LogReachable(_logger, _window.TotalMinutes);
        }
    }

    /// <summary>Redis may have restarted empty: players already watching come back as unknown ones.</summary>
    private void Recover(DateTimeOffset now) => Interlocked.Exchange(ref _recoveringUntilTicks, (now + _window).UtcTicks);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Redis does not answer the stream-session registry ({Reason}): players get tokens without the concurrent-stream limit until it does")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Redis answers the stream-session registry again: the concurrent-stream limit is back, doubled for {Minutes} min while players re-register")]
    private static partial void LogReachable(ILogger logger, double minutes);
}
