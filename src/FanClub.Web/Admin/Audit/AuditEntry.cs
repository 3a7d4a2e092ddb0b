namespace FanClub.Web.Admin.Audit;

/// <summary>
/// One line of the audit log: who did what to what, when, from where, why, and the state before and
/// after. Append-only: there is no method that changes an entry, and
/// <see cref="AuditAppendOnlyInterceptor"/> refuses any save that updates or deletes one.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
        ActorEmail = Action = TargetType = TargetId = string.Empty;
    }

    /// <summary>Increasing in the order entries were written; also the paging key of the log page.</summary>
    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>The account that acted; null for the system (a timer, a webhook).</summary>
    public Guid? ActorId { get; private set; }

    /// <summary>The actor's e-mail when they acted, so the log still reads right after it changes.</summary>
    public string ActorEmail { get; private set; }

    public string? IpAddress { get; private set; }

    /// <summary>A stable dotted name: <c>member.comp</c>, <c>tier.archive</c>, <c>member.sign_in</c>…</summary>
    public string Action { get; private set; }

    public string TargetType { get; private set; }

    public string TargetId { get; private set; }

    /// <summary>The member the action concerns, when there is one: their timeline shows it.</summary>
    public Guid? MemberId { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>JSON of the state before, or null for a creation.</summary>
    public string? Before { get; private set; }

    /// <summary>JSON of the state after, or null for a removal.</summary>
    public string? After { get; private set; }

    public const int ActionLength = 64;
    public const int TargetTypeLength = 64;
    public const int TargetIdLength = 128;
    public const int ReasonLength = 500;
    public const int EmailLength = 256;
    public const int IpLength = 45;

    internal static AuditEntry Create(
        DateTimeOffset at, Guid? actorId, string actorEmail, string? ipAddress, string action, string targetType, string targetId,
        Guid? memberId, string? reason, string? before, string? after) =>
        new()
        {
            At = at,
            ActorId = actorId,
            ActorEmail = actorEmail,
            IpAddress = ipAddress,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            MemberId = memberId,
            Reason = reason,
            Before = before,
            After = after,
        };
}
