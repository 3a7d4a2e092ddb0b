namespace FanClub.Web.Entitlements;

/// <summary>
/// Tells the other nodes of a cluster that members' answers changed, right after the commit, so
/// their caches drop them within milliseconds rather than at their next change-feed poll.
/// </summary>
public interface IEntitlementInvalidationBus
{
    /// <summary>Never blocks and never throws: the change feed is the guarantee, this is the fast path.</summary>
    void Publish(IReadOnlyCollection<Guid> members, bool everyone);
}

/// <summary>One node: its own cache was already told by the interceptor; nobody else to tell.</summary>
public sealed class NoOtherNodes : IEntitlementInvalidationBus
{
    public void Publish(IReadOnlyCollection<Guid> members, bool everyone)
    {
    }
}
