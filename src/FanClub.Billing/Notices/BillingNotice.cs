namespace FanClub.Billing.Notices;

/// <summary>The billing e-mails a member can receive. Each is sent once per <see cref="BillingNotice.DedupeKey"/>.</summary>
public enum BillingNoticeKind
{
    Welcome,
    Receipt,
    PaymentFailed,
    PaymentActionRequired,
    TrialEnding,
    RenewalComing,
    AccessEnded,
    PassReceipt,
}

/// <summary>
/// A billing e-mail to send, queued in the same transaction as the change that causes it and
/// sent afterwards by the notice dispatcher. The dedupe key makes a replayed event queue nothing.
/// </summary>
public sealed record BillingNotice(
    Guid MemberId,
    BillingNoticeKind Kind,
    string DedupeKey,
    IReadOnlyDictionary<string, string> Data);
