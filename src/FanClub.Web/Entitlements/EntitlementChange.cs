namespace FanClub.Web.Entitlements;

/// <summary>
/// "This member's entitlements may have changed": written in the same transaction as the change to
/// any source (subscription, pass, comp, ban), in order, for partners and caches to act on.
/// </summary>
public sealed class EntitlementChange
{
    /// <summary>Increasing: the order changes were committed in, per member and overall.</summary>
    public long Id { get; set; }

    public Guid MemberId { get; set; }

    public string Cause { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }
}
