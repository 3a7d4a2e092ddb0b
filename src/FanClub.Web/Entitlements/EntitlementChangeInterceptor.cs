using System.Data.Common;
using System.Runtime.CompilerServices;
using FanClub.Domain.Entitlements;
using FanClub.Domain.Passes;
using FanClub.Domain.Subscriptions;
using FanClub.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FanClub.Web.Entitlements;

/// <summary>
/// Adds an <see cref="EntitlementChange"/> for every member whose subscription, pass, comp or ban is
/// saved, in the same SaveChanges (so the same transaction): no code path can change access without
/// leaving the event behind, and no event exists for a change that rolled back. Once that
/// transaction has committed (the save's own, or the caller's), the members' cached answers are
/// forgotten on this node and, through <see cref="IEntitlementInvalidationBus"/>, on the others; a
/// change to a tier's keys forgets every answer.
/// </summary>
public sealed class EntitlementChangeInterceptor(TimeProvider clock, EntitlementCache cache, IEntitlementInvalidationBus bus)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Members changed by a context's saves whose transaction has not committed yet.</summary>
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        CommittedIfOwnTransaction(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CommittedIfOwnTransaction(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        DiscardIfOwnTransaction(eventData.Context);
        base.SaveChangesFailed(eventData);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        DiscardIfOwnTransaction(eventData.Context);
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changed = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        var changes = changed
            .Select(e => e.Entity switch
            {
                Subscription s => (MemberId: s.MemberId, Cause: "subscription"),
                Pass p => (MemberId: p.MemberId, Cause: "pass"),
                Comp c => (MemberId: c.MemberId, Cause: "comp"),
                Ban b => (MemberId: b.MemberId, Cause: "ban"),
                _ => (MemberId: Guid.Empty, Cause: string.Empty),
            })
            .Where(c => c.MemberId != Guid.Empty)
            .Distinct()
            .ToList();
        // A tier's keys are part of every answer of its members (a price change is not).
        var tiersChanged = changed.Any(e => e.Entity is Tier
            && (e.State == EntityState.Deleted || (e.State == EntityState.Modified && e.Property(nameof(Tier.Entitlements)).IsModified)));
        if (changes.Count == 0 && !tiersChanged)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var pending = _pending.GetOrCreateValue(context);
        foreach (var (memberId, cause) in changes)
        {
            context.Add(new EntitlementChange { MemberId = memberId, Cause = cause, CreatedAt = now });
            pending.Members.Add(memberId);
        }

        pending.Everyone |= tiersChanged;
    }

    private void CommittedIfOwnTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Committed(context);
        }
    }

    private void DiscardIfOwnTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Discard(context);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        if (pending.Everyone)
        {
            cache.ForgetAll();
        }
        else
        {
            foreach (var memberId in pending.Members)
            {
                cache.Forget(memberId);
            }
        }

        bus.Publish(pending.Members, pending.Everyone);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private sealed class Pending
    {
        public HashSet<Guid> Members { get; } = [];

        public bool Everyone { get; set; }
    }
}
