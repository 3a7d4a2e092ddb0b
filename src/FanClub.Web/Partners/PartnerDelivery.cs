namespace FanClub.Web.Partners;

/// <summary>
/// One webhook to one partner about one member, queued with the entitlement change that caused it
/// and delivered in order per partner and member, with retries, until the partner says 2xx.
/// </summary>
public sealed class PartnerDelivery
{
    public long Id { get; set; }

    public string PartnerId { get; set; } = string.Empty;

    public Guid MemberId { get; set; }

    public long ChangeId { get; set; }

    public string EventType { get; set; } = string.Empty;

    public string Payload { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>What partners were last told about a member, so the next notice says what changed.</summary>
public sealed class MemberEntitlementState
{
    public Guid MemberId { get; set; }

    public string Keys { get; set; } = string.Empty;

    public bool Banned { get; set; }

    public long LastChangeId { get; set; }

    /// <summary>When the entitlements next change by the clock alone (a grace period, pass or comp ending).</summary>
    public DateTimeOffset? RecheckAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
