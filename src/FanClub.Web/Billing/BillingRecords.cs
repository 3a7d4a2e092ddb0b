namespace FanClub.Web.Billing;

/// <summary>The Stripe customer of a member, created once and never replaced.</summary>
public sealed class BillingCustomer
{
    public Guid MemberId { get; set; }

    public string StripeCustomerId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The webhook inbox: one row per Stripe event applied, written in the same transaction as its effects.</summary>
public sealed class StripeInboxEvent
{
    public string EventId { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The notice outbox: billing e-mails waiting to be sent, unique per dedupe key.</summary>
public sealed class NoticeRecord
{
    public Guid Id { get; set; }

    public Guid MemberId { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string DedupeKey { get; set; } = string.Empty;

    public string DataJson { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

/// <summary>One reconciliation pass, kept for admins.</summary>
public sealed class ReconciliationRecord
{
    public Guid Id { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    public int Checked { get; set; }

    public int Repaired { get; set; }

    public int GraceExpired { get; set; }

    /// <summary>The Stripe ids of the subscriptions that had drifted, space-separated (the first 50).</summary>
    public string RepairedSubscriptions { get; set; } = string.Empty;

    /// <summary>Who asked: <c>timer</c>, or <c>admin</c> for the run-now button.</summary>
    public string Trigger { get; set; } = "timer";

    public string? Error { get; set; }
}
