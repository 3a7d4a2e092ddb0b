using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FanClub.Web.Admin.Audit;

/// <summary>
/// The audit log is append-only: a save that would update or delete an <see cref="AuditEntry"/>
/// throws before anything reaches the database, whatever code path tried it.
/// </summary>
public sealed class AuditAppendOnlyInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Refuse(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Refuse(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private static void Refuse(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only: audit entries are never updated or deleted.");
        }
    }
}
