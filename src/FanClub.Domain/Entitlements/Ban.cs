namespace FanClub.Domain.Entitlements;

/// <summary>A ban overrides every other source of access until it is lifted.</summary>
public sealed class Ban
{
    private Ban()
    {
        Reason = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid MemberId { get; private set; }

    public DateTimeOffset BannedAt { get; private set; }

    public string Reason { get; private set; }

    public Guid BannedBy { get; private set; }

    public DateTimeOffset? LiftedAt { get; private set; }

    public static Ban Impose(Guid id, Guid memberId, string reason, Guid bannedBy, DateTimeOffset now) =>
        new() { Id = id, MemberId = memberId, Reason = reason, BannedBy = bannedBy, BannedAt = now };

    public bool InForce(DateTimeOffset now) => now >= BannedAt && (LiftedAt is null || now < LiftedAt);

    public void Lift(DateTimeOffset now) => LiftedAt ??= now;
}
