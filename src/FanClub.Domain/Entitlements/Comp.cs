using FanClub.Domain.Common;

namespace FanClub.Domain.Entitlements;

/// <summary>
/// A tier given by an admin for free, for a fixed time (a contest winner, a make-good after an
/// outage). Ends by itself at <see cref="EndsAt"/> or earlier when revoked.
/// </summary>
public sealed class Comp
{
    private Comp()
    {
        Reason = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid MemberId { get; private set; }

    public Guid TierId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string Reason { get; private set; }

    public Guid GrantedBy { get; private set; }

    public static Result<Comp> Grant(Guid id, Guid memberId, Guid tierId, int days, string reason, Guid grantedBy, DateTimeOffset now)
    {
        if (days is < 1 or > 366)
        {
            return Result.Fail<Comp>("comp.days_out_of_range", "A comp lasts between 1 and 366 days.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return Result.Fail<Comp>("comp.reason_required", "Say why (at most 500 characters).");
        }

        return Result.Ok(new Comp
        {
            Id = id,
            MemberId = memberId,
            TierId = tierId,
            StartsAt = now,
            EndsAt = now.AddDays(days),
            Reason = reason.Trim(),
            GrantedBy = grantedBy,
        });
    }

    public bool GrantsAccess(DateTimeOffset now) => RevokedAt is null && now >= StartsAt && now < EndsAt;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
