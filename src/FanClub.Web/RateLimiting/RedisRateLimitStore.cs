using FanClub.Web.Cluster;
using StackExchange.Redis;

namespace FanClub.Web.RateLimiting;

/// <summary>What Redis decided for one window: granted, or refused until <see cref="RetryAfter"/> has passed.</summary>
public readonly record struct SharedWindowDecision(bool Granted, TimeSpan RetryAfter);

/// <summary>
/// The rate-limit counters of every node, in Redis: one small hash per partition (a count per quarter
/// of the window), read and bumped by one Lua script, so two nodes counting the same account at once
/// cannot both take the last permit. Time is Redis's own clock (<c>TIME</c>), so nodes whose clocks
/// drift still agree on the window. Keys are <c>fanclub:ratelimit:</c> plus the operation and the
/// HMAC of <see cref="RateLimitKeys"/>: nothing in Redis names a person or an address.
/// </summary>
/// <remarks>
/// Redis down must not take log-in down with it: this store then answers "no decision" at once
/// (its own connection fails fast instead of queueing commands for seconds), and
/// <see cref="SharedWindowLimiter"/> counts in the process instead, as a node alone does. A cluster
/// of N nodes then allows up to N times a limit until Redis is back: still limited, never locked out.
/// </remarks>
public sealed partial class RedisRateLimitStore : IDisposable
{
    public const string KeyPrefix = "fanclub:ratelimit:";

    // KEYS[1]: the partition's hash. ARGV: permit limit, segment length (ms), segments per window, permits asked.
    // Fields are segment numbers (server time / segment length); segments older than the window are deleted.
    // Returns {1, 0} when granted, {0, ms until enough segments have left the window} when refused.
    private const string Script = """
        local limit = tonumber(ARGV[1])
        local segment = tonumber(ARGV[2])
        local segments = tonumber(ARGV[3])
        local permits = tonumber(ARGV[4])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local current = math.floor(now / segment)
        local oldest = current - segments + 1
        local fields = redis.call('HGETALL', KEYS[1])
        local counts = {}
        local count = 0
        for i = 1, #fields, 2 do
          local s = tonumber(fields[i])
          if s < oldest then
            redis.call('HDEL', KEYS[1], fields[i])
          else
            local c = tonumber(fields[i + 1])
            counts[s] = c
            count = count + c
          end
        end
        if count + permits <= limit then
          if permits > 0 then
            redis.call('HINCRBY', KEYS[1], string.format('%d', current), permits)
            redis.call('PEXPIRE', KEYS[1], segment * segments)
          end
          return {1, 0}
        end
        local left = count
        for s = oldest, current do
          local c = counts[s]
          if c then
            left = left - c
            if left + permits <= limit then
              return {0, (s + segments) * segment - now}
            end
          end
        end
        return {0, segment * segments}
        """;

    private readonly ConnectionMultiplexer _redis;
    private readonly ILogger<RedisRateLimitStore> _logger;
    private int _unavailable;

    public RedisRateLimitStore(string configuration, ILogger<RedisRateLimitStore> logger)
    {
        _logger = logger;
        var options = ClusterServiceCollectionExtensions.ParseRedis(configuration);
        options.ClientName += "-ratelimit";
        // A log-in waits on this: better a quick "no answer" (and a count in the process) than a
        // post held for the client's default five seconds, or queued until Redis comes back.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 1000;
        options.SyncTimeout = 1000;
        _redis = ConnectionMultiplexer.Connect(options);
    }

    /// <summary>False while Redis has not answered since its last failure: nodes count on their own.</summary>
    public bool Available => Volatile.Read(ref _unavailable) == 0;

    /// <summary>Takes <paramref name="permits"/> from the shared window, or says when to come back; null when Redis cannot decide.</summary>
    public async ValueTask<SharedWindowDecision?> TryAcquireAsync(string key, WindowLimit limit, int permits)
    {
        ArgumentNullException.ThrowIfNull(limit);
        if (!_redis.IsConnected)
        {
            MarkUnavailable("not connected");
            return null;
        }

        try
        {
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(Script, [KeyPrefix + key], Arguments(limit, permits));
            MarkAvailable();
            return Decision(result);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            MarkUnavailable(e.GetType().Name);
            return null;
        }
    }

    /// <summary>The same, for a caller that cannot wait (the limiter's synchronous attempt).</summary>
    public SharedWindowDecision? TryAcquire(string key, WindowLimit limit, int permits)
    {
        ArgumentNullException.ThrowIfNull(limit);
        if (!_redis.IsConnected)
        {
            MarkUnavailable("not connected");
            return null;
        }

        try
        {
            var result = _redis.GetDatabase().ScriptEvaluate(Script, [KeyPrefix + key], Arguments(limit, permits));
            MarkAvailable();
            return Decision(result);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            MarkUnavailable(e.GetType().Name);
            return null;
        }
    }

    public void Dispose() => _redis.Dispose();

    private static RedisValue[] Arguments(WindowLimit limit, int permits)
    {
        var segment = Math.Max(1L, (long)limit.Window.TotalMilliseconds / RateLimitingExtensions.SegmentsPerWindow);
        return [limit.PermitLimit, segment, RateLimitingExtensions.SegmentsPerWindow, permits];
    }

    private static SharedWindowDecision Decision(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var granted = (long)values[0] == 1;
        return new SharedWindowDecision(granted, granted ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(1L, (long)values[1])));
    }

    // Logged when the state changes, not per request: an outage under a log-in storm is one line.
    private void MarkUnavailable(string reason)
    {
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            LogUnavailable(_logger, reason);
        }
    }

    private void MarkAvailable()
    {
        if (Interlocked.Exchange(ref _unavailable, 0) == 1)
        {
            LogAvailable(_logger);
        }
    }

    [LoggerMessage(EventId = 4291, Level = LogLevel.Warning,
        Message = "Rate-limit counters in Redis are out of reach ({Reason}): this node counts on its own until Redis answers (limits still apply, per node)")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 4292, Level = LogLevel.Information, Message = "Rate-limit counters are shared through Redis again")]
    private static partial void LogAvailable(ILogger logger);
}
