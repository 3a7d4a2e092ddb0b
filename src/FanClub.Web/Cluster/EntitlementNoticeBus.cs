using FanClub.Domain.Partners;
using FanClub.Web.Entitlements;

namespace FanClub.Web.Cluster;

/// <summary>
/// Carries entitlement notices from the node that dispatched them to the listeners of every node:
/// a chat connection or a cached answer may live on any of them.
/// </summary>
public interface IEntitlementNoticeBus
{
    /// <summary>Called after the dispatcher's transaction committed; never throws for a listener's failure.</summary>
    Task PublishAsync(IReadOnlyList<EntitlementNotice> notices, CancellationToken cancellationToken);
}

/// <summary>
/// Hands notices to this node's module listeners and drops the member's cached answer. Used directly
/// when the node runs alone, and by the Redis subscriber on each node of a cluster.
/// </summary>
public sealed partial class LocalEntitlementListeners(
    IEnumerable<IEntitlementListener> listeners, EntitlementCache cache, ILogger<LocalEntitlementListeners> logger)
{
    public async Task NotifyAsync(EntitlementNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        cache.Forget(notice.MemberId);
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnEntitlementsChangedAsync(notice, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An in-process module must not stall every other member's notices; it re-checks on its own.
                LogListenerFailed(logger, listener.GetType().Name, notice.MemberId, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Entitlement listener {Listener} failed for member {MemberId}")]
    private static partial void LogListenerFailed(ILogger logger, string listener, Guid memberId, Exception exception);
}

/// <summary>One node, no Redis: the dispatching node is the only one with listeners.</summary>
public sealed class InProcessEntitlementNoticeBus(LocalEntitlementListeners local) : IEntitlementNoticeBus
{
    public async Task PublishAsync(IReadOnlyList<EntitlementNotice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        foreach (var notice in notices)
        {
            await local.NotifyAsync(notice, cancellationToken);
        }
    }
}
