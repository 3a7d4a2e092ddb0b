using FanClub.Billing.Configuration;
using FanClub.Billing.Reconciliation;
using FanClub.Domain.Common;
using FanClub.Web.Admin.Audit;
using FanClub.Web.Billing;
using FanClub.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FanClub.Web.Admin.Reconciliation;

/// <summary>
/// Reconciliation for admins: the recorded runs, and "run now". The button's form carries a run id
/// chosen when the page was drawn: the run is recorded under it, so a second submit of the same form
/// finds that run instead of starting another, and a submit while any admin run is still going (on any
/// node: a MariaDB named lock) is told so. A run is idempotent anyway (drift repaired once is no longer
/// drift), so the timer's runs need not wait for an admin's.
/// </summary>
public sealed class ReconciliationAdmin(FanClubDbContext db, Reconciler reconciler, IAuditLog audit, IOptions<StripeOptions> stripe)
{
    private const string LockName = "fanclub:reconciliation:admin";

    public Task<List<ReconciliationRecord>> RecentRunsAsync(int take, CancellationToken ct) =>
        db.ReconciliationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(take).ToListAsync(ct);

    /// <summary>Runs reconciliation now under <paramref name="runId"/>, or returns the run already recorded under it.</summary>
    public async Task<Result<ReconciliationRecord>> RunNowAsync(Guid runId, CancellationToken ct)
    {
        if (!stripe.Value.Enabled)
        {
            return Result.Fail<ReconciliationRecord>("billing.disabled", "Payments are off: there is nothing to reconcile.");
        }

        if (await FindAsync(runId, ct) is { } done)
        {
            return Result.Ok(done);
        }

        // The lock belongs to the connection: keep it open across the run (the billing store's own
        // opens and closes nest inside this one).
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var acquired = await db.Database.SqlQuery<long?>($"SELECT GET_LOCK({LockName}, 0) AS `Value`").SingleAsync(ct);
            if (acquired != 1)
            {
                return Result.Fail<ReconciliationRecord>("reconciliation.running", "A reconciliation run is already in progress.");
            }

            try
            {
                if (await FindAsync(runId, ct) is { } finished)
                {
                    return Result.Ok(finished);
                }

                var run = await reconciler.RunAsync(runId, Reconciler.AdminTrigger, ct);
                await audit.RecordAsync(new AuditRecord("reconciliation.run", "reconciliation_run", run.Id.ToString(), null, null, null,
                    new { run.Checked, run.Repaired, run.GraceExpired, run.Error, Subscriptions = run.RepairedSubscriptions.Take(20) }), ct);
                return Result.Ok((await FindAsync(runId, ct))!);
            }
            finally
            {
                await db.Database.SqlQuery<long?>($"SELECT RELEASE_LOCK({LockName}) AS `Value`").SingleAsync(CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private Task<ReconciliationRecord?> FindAsync(Guid runId, CancellationToken ct) =>
        db.ReconciliationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
}
