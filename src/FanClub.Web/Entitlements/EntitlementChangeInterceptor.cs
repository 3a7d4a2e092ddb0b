using FanClub.Domain.Entitlements;
using FanClub.Domain.Passes;
using FanClub.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FanClub.Web.Entitlements;

/// <summary>
/// Adds an <see cref="EntitlementChange"/> for every member whose subscription, pass, comp or ban is
/// saved, in the same SaveChanges (so the same transaction): no code path can change access without
/// leaving the event behind, and no event exists for a change that rolled back.
/// </summary>
public sealed class EntitlementChangeInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
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

    private void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changes = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
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
        var now = clock.GetUtcNow();
        foreach (var (memberId, cause) in changes)
        {
            context.Add(new EntitlementChange { MemberId = memberId, Cause = cause, CreatedAt = now });
        }
    }
}
