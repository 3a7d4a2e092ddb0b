namespace FanClub.Billing.Checkout;

public enum CheckoutStatus
{
    Open,
    Completed,
    Expired,
    Failed,
}

/// <summary>
/// A Checkout page FanClub opened for a member. There is at most one open per member: a second
/// click or tab gets the same page back, which is what stops two subscriptions being bought.
/// </summary>
public sealed class PendingCheckout
{
    private PendingCheckout()
    {
        StripeSessionId = string.Empty;
        Url = string.Empty;
        Purpose = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid MemberId { get; private set; }

    public string StripeSessionId { get; private set; }

    public string Url { get; private set; }

    /// <summary>What is being bought: <c>tier:{id}:{interval}</c> or <c>pass:{id}</c>.</summary>
    public string Purpose { get; private set; }

    public CheckoutStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public static PendingCheckout Open(Guid id, Guid memberId, string sessionId, string url, string purpose, DateTimeOffset now, DateTimeOffset expiresAt) =>
        new() { Id = id, MemberId = memberId, StripeSessionId = sessionId, Url = url, Purpose = purpose, Status = CheckoutStatus.Open, CreatedAt = now, ExpiresAt = expiresAt };

    public bool IsUsable(DateTimeOffset now) => Status == CheckoutStatus.Open && now < ExpiresAt;

    public void Close(CheckoutStatus status, DateTimeOffset now)
    {
        if (Status != CheckoutStatus.Open)
        {
            return;
        }

        Status = status;
        ClosedAt = now;
    }
}
