using System.Diagnostics;
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
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace FanClub.Web.Billing;

/// <summary>
/// Billing's data on MariaDB. Serialization uses MariaDB named locks (<c>GET_LOCK</c>), taken
/// before the transaction begins so the transaction's snapshot already includes whatever the
/// previous lock holder committed.
/// </summary>
public sealed class EfBillingStore(FanClubDbContext db, TimeProvider clock, BillingMetrics metrics) : IBillingStore
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private readonly List<(BillingNotice Notice, DateTimeOffset At)> _notices = [];
    private bool _inTransaction;

    /// <summary>
    /// Every webhook runs here, so its round trips to MariaDB are counted: the lock and the start of the
    /// transaction travel in one command, the commit and the release in another, and EF Core opens no
    /// transaction (or savepoint) of its own around <c>SaveChanges</c>. That is three round trips a
    /// transaction fewer than EF's own transaction between two lock queries (set isolation, start,
    /// savepoint, release savepoint), with the same guarantees: the statements run in order on one
    /// connection, and the snapshot is taken by the first read, after the lock is held.
    /// </summary>
    public Task<T> InTransactionAsync<T>(string lockName, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunLockedAsync(lockName, inboxEntry: null, work, duplicate: default!, cancellationToken);
    }

    /// <summary>
    /// As <see cref="InTransactionAsync{T}"/>, with the inbox row written by the command that takes the
    /// lock and starts the transaction: one round trip fewer for every event, and a duplicate costs two.
    /// </summary>
    public Task<T> InEventTransactionAsync<T>(
        string lockName, StripeInboxEntry entry, Func<CancellationToken, Task<T>> work, T duplicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(work);
        return RunLockedAsync(lockName, entry, work, duplicate, cancellationToken);
    }

    private async Task<T> RunLockedAsync<T>(
        string lockName, StripeInboxEntry? inboxEntry, Func<CancellationToken, Task<T>> work, T duplicate, CancellationToken cancellationToken)
    {
        if (_inTransaction || db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Billing transactions do not nest: take one lock, then do the work.");
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var autoTransactions = db.Database.AutoTransactionBehavior;
        _inTransaction = true;
        var asked = Stopwatch.GetTimestamp();
        try
        {
            // GET_LOCK answers first; only then do the transaction and the inbox row start (statements of
            // one command run in order). A lock not granted rolls the row back with the rest.
            var answers = await ScalarsAsync(
                "SELECT GET_LOCK({0}, {1}); SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; START TRANSACTION;" +
                (inboxEntry is null ? string.Empty : " INSERT IGNORE INTO stripe_inbox (EventId, Type, ReceivedAt) VALUES ({2}, {3}, {4}); SELECT ROW_COUNT();"),
                inboxEntry is null
                    ? [lockName, (int)LockWait.TotalSeconds]
                    : [lockName, (int)LockWait.TotalSeconds, inboxEntry.EventId, inboxEntry.Type, inboxEntry.ReceivedAt.UtcDateTime],
                cancellationToken);
            if (answers[0] != 1)
            {
                await db.Database.ExecuteSqlRawAsync("ROLLBACK", CancellationToken.None);
                throw new BillingUnavailableException($"Timed out waiting for lock {lockName}.");
            }

            var held = Stopwatch.GetTimestamp();
            metrics.LockWaited(Stopwatch.GetElapsedTime(asked, held));
            if (inboxEntry is not null && answers[1] != 1)
            {
                // Applied before: nothing to do, nothing to keep.
                await RollBackAsync(lockName);
                metrics.LockHeld(Stopwatch.GetElapsedTime(held));
                return duplicate;
            }

            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            var committed = false;
            try
            {
                var result = await work(cancellationToken);
                // The work is done: a request aborted now must not leave it half-finished. The notices
                // it queued go in the same command, before the commit.
                var (notices, parameters) = _notices.Count == 0 ? (string.Empty, Array.Empty<object>()) : NoticeInsert(_notices);
                await db.Database.ExecuteSqlRawAsync(
                    string.Create(CultureInfo.InvariantCulture, $"{notices} COMMIT; DO RELEASE_LOCK({{{parameters.Length}}})"),
                    [.. parameters, lockName], CancellationToken.None);
                committed = true;
                metrics.LockHeld(Stopwatch.GetElapsedTime(held));
                return result;
            }
            catch when (!committed)
            {
                db.ChangeTracker.Clear();
                await RollBackAsync(lockName);
                throw;
            }
        }
        finally
        {
            db.Database.AutoTransactionBehavior = autoTransactions;
            _notices.Clear();
            _inTransaction = false;
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The first column of each result set of one raw command, sent through EF Core's command pipeline
    /// (interceptors, logging, the query counter) but not its LINQ one: <c>SqlQuery</c> over a
    /// parameterised SQL cannot be cached, so EF Core processed it again, under a lock, on every call.
    /// </summary>
    private async Task<List<long?>> ScalarsAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        var command = db.GetService<IRawSqlCommandBuilder>().Build(sql, parameters, db.Model);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(
            new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), command.ParameterValues, null, db,
                db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw),
            cancellationToken);
        var values = new List<long?>(2);
        do
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                values.Add(reader.DbDataReader.IsDBNull(0) ? null : Convert.ToInt64(reader.DbDataReader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }
        while (await reader.DbDataReader.NextResultAsync(cancellationToken));

        return values;
    }

    /// <summary>Rolls back and releases the lock; a connection already gone did both on the server.</summary>
    private async Task RollBackAsync(string lockName)
    {
        try
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"ROLLBACK; DO RELEASE_LOCK({lockName})", CancellationToken.None);
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException)
        {
            // The connection is gone: the server rolled back and freed the lock when the session ended.
        }
    }

    public Task QueueNoticeAsync(BillingNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (_inTransaction)
        {
            // Written by the commit's own command: no round trip of its own.
            _notices.Add((notice, now));
            return Task.CompletedTask;
        }

        var (sql, parameters) = NoticeInsert([(notice, now)]);
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>One <c>INSERT IGNORE</c> for the notices: the dedupe key's unique index drops repeats.</summary>
    private static (string Sql, object[] Parameters) NoticeInsert(List<(BillingNotice Notice, DateTimeOffset At)> notices)
    {
        var rows = new List<string>(notices.Count);
        var parameters = new List<object>(notices.Count * 6);
        foreach (var (notice, at) in notices)
        {
            var first = parameters.Count;
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"({{{first}}}, {{{first + 1}}}, {{{first + 2}}}, {{{first + 3}}}, {{{first + 4}}}, {{{first + 5}}}, 0)"));
            parameters.AddRange([Guid.CreateVersion7(), notice.MemberId, notice.Kind.ToString(), notice.DedupeKey, JsonSerializer.Serialize(notice.Data), at.UtcDateTime]);
        }

        return ("INSERT IGNORE INTO notice_outbox (Id, MemberId, Kind, DedupeKey, DataJson, CreatedAt, Attempts) VALUES " + string.Join(", ", rows) + ";",
            [.. parameters]);
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
