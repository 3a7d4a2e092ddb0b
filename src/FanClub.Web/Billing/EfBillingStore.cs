using System.Globalization;
using System.Text.Json;
using FanClub.Billing;
using FanClub.Billing.Checkout;
using FanClub.Billing.Notices;
using FanClub.Billing.Persistence;
using FanClub.Billing.Reconciliation;
using FanClub.Domain.Passes;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace FanClub.Web.Billing;

/// <summary>
/// Billing's data on MariaDB. Serialization uses MariaDB named locks (<c>GET_LOCK</c>), taken
/// before the transaction begins so the transaction's snapshot already includes whatever the
/// previous lock holder committed.
/// </summary>
public sealed class EfBillingStore(FanClubDbContext db, TimeProvider clock) : IBillingStore
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public async Task<T> InTransactionAsync<T>(string lockName, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Billing transactions do not nest: take one lock, then do the work.");
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var acquired = await db.Database
                .SqlQuery<long?>($"SELECT GET_LOCK({lockName}, {(int)LockWait.TotalSeconds}) AS `Value`")
                .SingleAsync(cancellationToken);
            if (acquired != 1)
            {
                throw new BillingUnavailableException($"Timed out waiting for lock {lockName}.");
            }

            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                try
                {
                    var result = await work(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return result;
                }
                catch
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    throw;
                }
            }
            finally
            {
                await db.Database.SqlQuery<long?>($"SELECT RELEASE_LOCK({lockName}) AS `Value`").SingleAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<bool> TryRecordEventAsync(string eventId, string type, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT IGNORE INTO stripe_inbox (EventId, Type, ReceivedAt) VALUES ({eventId}, {type}, {receivedAt.UtcDateTime})",
            cancellationToken) == 1;

    public async Task<bool> TryQueueNoticeAsync(BillingNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var data = JsonSerializer.Serialize(notice.Data);
        return await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT IGNORE INTO notice_outbox (Id, MemberId, Kind, DedupeKey, DataJson, CreatedAt, Attempts)
            VALUES ({Guid.CreateVersion7()}, {notice.MemberId}, {notice.Kind.ToString()}, {notice.DedupeKey}, {data}, {now.UtcDateTime}, 0)
            """, cancellationToken) == 1;
    }

    public async Task<MemberContact?> FindMemberAsync(Guid memberId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == memberId)
            .Select(u => new MemberContact(u.Id, u.Email!, u.DisplayName, u.PreferredCulture))
            .SingleOrDefaultAsync(cancellationToken);

    public Task<string?> FindCustomerIdAsync(Guid memberId, CancellationToken cancellationToken) =>
        db.BillingCustomers.Where(c => c.MemberId == memberId).Select(c => c.StripeCustomerId).SingleOrDefaultAsync(cancellationToken);

    public async Task<Guid?> FindMemberByCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        await db.BillingCustomers.Where(c => c.StripeCustomerId == customerId).Select(c => (Guid?)c.MemberId).SingleOrDefaultAsync(cancellationToken);

    public Task AddCustomerAsync(Guid memberId, string customerId, CancellationToken cancellationToken)
    {
        db.BillingCustomers.Add(new BillingCustomer { MemberId = memberId, StripeCustomerId = customerId, CreatedAt = clock.GetUtcNow() });
        return Task.CompletedTask;
    }

    public Task<Tier?> FindTierAsync(Guid tierId, CancellationToken cancellationToken) =>
        db.Tiers.SingleOrDefaultAsync(t => t.Id == tierId, cancellationToken);

    /// <summary>By a current price, or one the tier sold at before a price change (its subscribers stay on it).</summary>
    public Task<Tier?> FindTierByPriceAsync(string stripePriceId, CancellationToken cancellationToken) =>
        db.Tiers.Include(t => t.Prices)
            .FirstOrDefaultAsync(t => t.StripeMonthlyPriceId == stripePriceId || t.StripeYearlyPriceId == stripePriceId
                || t.Prices.Any(p => p.StripePriceId == stripePriceId), cancellationToken);

    /// <summary>
    /// Includes one added earlier in the same unit of work and not saved yet: an invoice event that is
    /// the first news of its subscription creates it, then looks it up to record the payment.
    /// </summary>
    public async Task<Subscription?> FindSubscriptionAsync(string stripeSubscriptionId, CancellationToken cancellationToken) =>
        db.Subscriptions.Local.FirstOrDefault(s => s.StripeSubscriptionId == stripeSubscriptionId)
        ?? await db.Subscriptions.SingleOrDefaultAsync(s => s.StripeSubscriptionId == stripeSubscriptionId, cancellationToken);

    public Task<Subscription?> FindSubscriptionByIdAsync(Guid id, CancellationToken cancellationToken) =>
        db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<Subscription?> FindLiveSubscriptionAsync(Guid memberId, CancellationToken cancellationToken) =>
        db.Subscriptions
            .Where(s => s.MemberId == memberId && s.Status != SubscriptionStatus.Canceled && s.Status != SubscriptionStatus.IncompleteExpired)
            .OrderByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Subscription>> ListPastDueSubscriptionsAsync(CancellationToken cancellationToken) =>
        await db.Subscriptions.Where(s => s.Status == SubscriptionStatus.PastDue).ToListAsync(cancellationToken);

    public Task<Payment?> FindPaymentAsync(string stripeObjectId, CancellationToken cancellationToken) =>
        db.Payments.SingleOrDefaultAsync(p => p.StripeObjectId == stripeObjectId, cancellationToken);

    public Task<Payment?> FindPaymentByChargeAsync(string stripeChargeId, CancellationToken cancellationToken) =>
        db.Payments.FirstOrDefaultAsync(p => p.StripeChargeId == stripeChargeId, cancellationToken);

    public async Task<IReadOnlyList<Payment>> ListPaymentsAsync(Guid memberId, CancellationToken cancellationToken) =>
        await db.Payments.Where(p => p.MemberId == memberId).OrderByDescending(p => p.CreatedAt).ToListAsync(cancellationToken);

    public Task<PendingCheckout?> FindOpenCheckoutAsync(Guid memberId, CancellationToken cancellationToken) =>
        db.Checkouts.Where(c => c.MemberId == memberId && c.Status == CheckoutStatus.Open)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    public Task<PendingCheckout?> FindCheckoutAsync(string stripeSessionId, CancellationToken cancellationToken) =>
        db.Checkouts.SingleOrDefaultAsync(c => c.StripeSessionId == stripeSessionId, cancellationToken);

    public Task<PassOffer?> FindPassOfferAsync(Guid offerId, CancellationToken cancellationToken) =>
        db.PassOffers.SingleOrDefaultAsync(o => o.Id == offerId, cancellationToken);

    public Task<Pass?> FindPassAsync(Guid passId, CancellationToken cancellationToken) =>
        db.Passes.SingleOrDefaultAsync(p => p.Id == passId, cancellationToken);

    public Task<Pass?> FindPassBySessionAsync(string stripeSessionId, CancellationToken cancellationToken) =>
        db.Passes.SingleOrDefaultAsync(p => p.StripeCheckoutSessionId == stripeSessionId, cancellationToken);

    public async Task<IReadOnlyList<Pass>> ListPassesAsync(Guid memberId, CancellationToken cancellationToken) =>
        await db.Passes.Where(p => p.MemberId == memberId).ToListAsync(cancellationToken);

    public async Task RecordReconciliationAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        db.ReconciliationRuns.Add(new ReconciliationRecord
        {
            Id = run.Id,
            StartedAt = run.StartedAt,
            FinishedAt = run.FinishedAt,
            Checked = run.Checked,
            Repaired = run.Repaired,
            GraceExpired = run.GraceExpired,
            Error = run.Error is { Length: > 500 } e ? e[..500] : run.Error,
            RepairedSubscriptions = string.Join(' ', run.RepairedSubscriptions.Take(50)),
            Trigger = run.Trigger,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> LastReconciliationAsync(CancellationToken cancellationToken) =>
        await db.ReconciliationRuns.AsNoTracking().MaxAsync(r => (DateTimeOffset?)r.FinishedAt, cancellationToken);

    public async Task<IAsyncDisposable?> TryTakeRunLockAsync(string lockName, CancellationToken cancellationToken)
    {
        // A connection of its own, outside the pool: closing it is what releases the lock, at once
        // (a pooled connection would go back to the pool still holding it until its next reset).
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(db.Database.GetConnectionString()!) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // Named locks are server-wide: the database's name keeps two clubs on one server apart.
            command.CommandText = "SELECT GET_LOCK(CONCAT(DATABASE(), ':', @name), 0)";
            command.Parameters.AddWithValue("@name", lockName);
            // 1: taken; 0: held elsewhere; NULL: an error, treated as held.
            if (await command.ExecuteScalarAsync(cancellationToken) is { } taken and not DBNull && Convert.ToInt64(taken, CultureInfo.InvariantCulture) == 1)
            {
                return new RunLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public void Add(Subscription subscription) => db.Subscriptions.Add(subscription);

    public void Add(Payment payment) => db.Payments.Add(payment);

    public void Add(Pass pass) => db.Passes.Add(pass);

    public void Add(PendingCheckout checkout) => db.Checkouts.Add(checkout);

    public Task SaveChangesAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}

/// <summary>
/// Holds a named lock on its own connection. Released explicitly before the connection closes: a
/// close alone frees the lock only once the server has noticed, and under load the next node's
/// try could still find it held (a reconciliation test failed that way).
/// </summary>
internal sealed class RunLock(MySqlConnection connection) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DO RELEASE_ALL_LOCKS()";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (MySqlException)
        {
            // The connection is gone, and the lock with it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
