using FanClub.Web.Entitlements;
using StackExchange.Redis;

namespace FanClub.Web.Cluster;

/// <summary>
/// Right after a change commits, tells every node's <see cref="EntitlementCache"/> to forget the
/// members: a partner asking another node a moment after a ban is refused. Fire-and-forget (the
/// committing request does not wait on Redis); a message Redis loses is made up for by each node's
/// <see cref="EntitlementChangeFeed"/> within a second.
/// </summary>
public sealed class RedisEntitlementInvalidationBus(IConnectionMultiplexer redis) : IEntitlementInvalidationBus
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("fanclub:entitlement-forget");

    /// <summary>The message that forgets every member (a tier's keys changed).</summary>
    public const string Everyone = "*";

    public void Publish(IReadOnlyCollection<Guid> members, bool everyone)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (!everyone && members.Count == 0)
        {
            return;
        }

        try
        {
            redis.GetSubscriber().Publish(Channel, everyone ? Everyone : string.Join(',', members), CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The change feed covers it.
        }
    }

    /// <summary>Applies a message from <see cref="Channel"/> to this node's cache; ignores what it cannot read.</summary>
    public static void Apply(EntitlementCache cache, string? message)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (message == Everyone)
        {
            cache.ForgetAll();
            return;
        }

        foreach (var part in (message ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Guid.TryParse(part, out var memberId))
            {
                cache.Forget(memberId);
            }
        }
    }
}

/// <summary>Subscribes this node's cache to <see cref="RedisEntitlementInvalidationBus.Channel"/>.</summary>
public sealed partial class RedisEntitlementInvalidationSubscriber(
    IConnectionMultiplexer redis, EntitlementCache cache, ILogger<RedisEntitlementInvalidationSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(RedisEntitlementInvalidationBus.Channel,
                    (_, message) => RedisEntitlementInvalidationBus.Apply(cache, message));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, e.Message);
                await Task.Delay(Retry, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to entitlement cache invalidations on Redis yet: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);
}
