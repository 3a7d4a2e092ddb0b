using FanClub.Billing.Checkout;
using FanClub.Billing.Notices;
using FanClub.Domain.Passes;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;

namespace FanClub.Billing.Persistence;

/// <summary>A Stripe event as the inbox records it.</summary>
public sealed record StripeInboxEntry(string EventId, string Type, DateTimeOffset ReceivedAt);

/// <summary>A member as billing needs them: where to mail, in which language.</summary>
public sealed record MemberContact(Guid MemberId, string Email, string DisplayName, string Culture);

/// <summary>
/// Billing's view of the database, implemented by the web host. Changes made through it are saved
/// by <see cref="SaveChangesAsync"/>, inside <see cref="InTransactionAsync{T}"/> when they must be
/// atomic with an inbox record or serialized with other work on the same customer.
/// </summary>
public interface IBillingStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction while holding the named lock, so two nodes or
    /// requests working on the same customer take turns. Commits when it returns; rolls back on throw.
    /// </summary>
    Task<T> InTransactionAsync<T>(string lockName, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="InTransactionAsync{T}"/> for one Stripe event: records it in the inbox in the same
    /// transaction and runs <paramref name="work"/> only if it was not there; an event applied before
    /// returns <paramref name="duplicate"/> and changes nothing.
    /// </summary>
    Task<T> InEventTransactionAsync<T>(
        string lockName, StripeInboxEntry entry, Func<CancellationToken, Task<T>> work, T duplicate, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a notice, once per dedupe key (a second one with the same key is dropped). Inside
    /// <see cref="InTransactionAsync{T}"/> it is written with the commit, so it exists only if the work does.
    /// </summary>
    Task QueueNoticeAsync(BillingNotice notice, DateTimeOffset now, CancellationToken cancellationToken);

    Task<MemberContact?> FindMemberAsync(Guid memberId, CancellationToken cancellationToken);

    Task<string?> FindCustomerIdAsync(Guid memberId, CancellationToken cancellationToken);

    Task<Guid?> FindMemberByCustomerAsync(string customerId, CancellationToken cancellationToken);

    Task AddCustomerAsync(Guid memberId, string customerId, CancellationToken cancellationToken);

    Task<Tier?> FindTierAsync(Guid tierId, CancellationToken cancellationToken);

    Task<Tier?> FindTierByPriceAsync(string stripePriceId, CancellationToken cancellationToken);

    Task<Subscription?> FindSubscriptionAsync(string stripeSubscriptionId, CancellationToken cancellationToken);

    Task<Subscription?> FindSubscriptionByIdAsync(Guid id, CancellationToken cancellationToken);

    Task<Subscription?> FindLiveSubscriptionAsync(Guid memberId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Subscription>> ListPastDueSubscriptionsAsync(CancellationToken cancellationToken);

    Task<Payment?> FindPaymentAsync(string stripeObjectId, CancellationToken cancellationToken);

    Task<Payment?> FindPaymentByChargeAsync(string stripeChargeId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Payment>> ListPaymentsAsync(Guid memberId, CancellationToken cancellationToken);

    Task<PendingCheckout?> FindOpenCheckoutAsync(Guid memberId, CancellationToken cancellationToken);

    Task<PendingCheckout?> FindCheckoutAsync(string stripeSessionId, CancellationToken cancellationToken);

    Task<PassOffer?> FindPassOfferAsync(Guid offerId, CancellationToken cancellationToken);

    Task<Pass?> FindPassAsync(Guid passId, CancellationToken cancellationToken);

    Task<Pass?> FindPassBySessionAsync(string stripeSessionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Pass>> ListPassesAsync(Guid memberId, CancellationToken cancellationToken);

    Task RecordReconciliationAsync(Reconciliation.ReconciliationRun run, CancellationToken cancellationToken);

    /// <summary>When the latest reconciliation run (on any node) finished; null before the first.</summary>
    Task<DateTimeOffset?> LastReconciliationAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes a lock shared by every node without waiting, held until the handle is disposed; null when
    /// another node holds it. A node that dies releases it with its database connection.
    /// </summary>
    Task<IAsyncDisposable?> TryTakeRunLockAsync(string lockName, CancellationToken cancellationToken);

    void Add(Subscription subscription);

    void Add(Payment payment);

    void Add(Pass pass);

    void Add(PendingCheckout checkout);

    Task SaveChangesAsync(CancellationToken cancellationToken);
}
