using System.Text.Json;
using FanClub.Domain.Partners;
using FanClub.Domain.Tiers;
using StackExchange.Redis;

namespace FanClub.Web.Cluster;

/// <summary>
/// Publishes notices on a Redis channel that every node (this one included) subscribes to, so each
/// node's listeners see every notice, whichever node dispatched it. Pub/sub delivers at most once:
/// a node that misses a notice while disconnected from Redis still refuses a revoked member at
/// their next join or message, because every such check reads the primary.
/// </summary>
public sealed partial class RedisEntitlementNoticeBus(
    IConnectionMultiplexer redis, LocalEntitlementListeners local, ILogger<RedisEntitlementNoticeBus> logger) : IEntitlementNoticeBus
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("fanclub:entitlement-notices");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(IReadOnlyList<EntitlementNotice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        foreach (var notice in notices)
        {
            try
            {
                await redis.GetSubscriber().PublishAsync(Channel, Serialize(notice));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis is down: at least this node's connections hear of it now.
                LogPublishFailed(logger, notice.MemberId, e.Message);
                await local.NotifyAsync(notice, cancellationToken);
            }
        }
    }

    public static string Serialize(EntitlementNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return JsonSerializer.Serialize(new Message(notice.ChangeId, notice.MemberId, [.. notice.Granted.Select(k => k.Value)],
            [.. notice.Revoked.Select(k => k.Value)], [.. notice.Current.Select(k => k.Value)], notice.Banned, notice.At), Json);
    }

    public static EntitlementNotice Deserialize(string json)
    {
        var m = JsonSerializer.Deserialize<Message>(json, Json) ?? throw new JsonException("Empty entitlement notice.");
        return new EntitlementNotice(m.ChangeId, m.MemberId, [.. m.Granted.Select(EntitlementKey.Parse)],
            [.. m.Revoked.Select(EntitlementKey.Parse)], [.. m.Current.Select(EntitlementKey.Parse)], m.Banned, m.At);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the entitlement notice of member {MemberId} to Redis: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, Guid memberId, string reason);

    private sealed record Message(long ChangeId, Guid MemberId, string[] Granted, string[] Revoked, string[] Current, bool Banned, DateTimeOffset At);
}

/// <summary>
/// Subscribes this node to the notice channel; messages are handled one at a time, in the order
/// Redis delivers them, so a member's notices reach the listeners in order. Until Redis answers it
/// keeps trying; the client re-subscribes by itself after a reconnect.
/// </summary>
public sealed partial class RedisEntitlementNoticeSubscriber(
    IConnectionMultiplexer redis, LocalEntitlementListeners local, ILogger<RedisEntitlementNoticeSubscriber> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(RedisEntitlementNoticeBus.Channel);
                queue.OnMessage(message => HandleAsync(message.Message, stoppingToken));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, e.Message);
                await Task.Delay(Retry, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(RedisValue message, CancellationToken ct)
    {
        try
        {
            await local.NotifyAsync(RedisEntitlementNoticeBus.Deserialize(message.ToString()), ct);
        }
        catch (JsonException e)
        {
            LogBadMessage(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to entitlement notices on Redis yet: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable entitlement notice on Redis: {Reason}")]
    private static partial void LogBadMessage(ILogger logger, string reason);
}
