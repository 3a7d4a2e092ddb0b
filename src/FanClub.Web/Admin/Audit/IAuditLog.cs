namespace FanClub.Web.Admin.Audit;

/// <summary>
/// What an admin (or the system) did. <paramref name="Action"/> is a stable dotted name
/// (<c>member.comp</c>, <c>tier.price_change</c>); <paramref name="TargetType"/> and
/// <paramref name="TargetId"/> name what it was done to; <paramref name="MemberId"/> (a member's
/// Guid) puts the entry on that member's timeline; <paramref name="Before"/> and
/// <paramref name="After"/> are serialized to JSON as they are (pass small anonymous objects or
/// records with the fields that changed, never secrets).
/// </summary>
public sealed record AuditRecord(string Action, string TargetType, string TargetId, string? MemberId, string? Reason, object? Before, object? After);

/// <summary>The append-only audit log. Nothing can change or remove an entry once written.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Writes <paramref name="record"/>, stamped with the signed-in actor (id and e-mail at the time),
    /// their IP address and the time from the injected clock.
    /// <para>
    /// It <b>saves</b>: the entry is added to the request's <c>FanClubDbContext</c> and
    /// <c>SaveChangesAsync</c> is called. Anything the caller has added or changed on that context
    /// and not yet saved is written in the same SaveChanges, so in one transaction with its trace;
    /// inside a transaction the caller opened, the entry commits or rolls back with it. So: make the
    /// change, then record it, and the two cannot come apart. For an effect outside the database (a
    /// Stripe refund), record after the call succeeded.
    /// </para>
    /// </summary>
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken);
}
