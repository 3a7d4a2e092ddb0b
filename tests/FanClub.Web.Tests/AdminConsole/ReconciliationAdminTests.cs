using System.Net;
using FanClub.Web.Tests.Admin;
using FanClub.Web.Tests.Billing;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Stripe;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>"Run now" on the reconciliation page, against the Stripe sandbox.</summary>
public sealed class ReconciliationAdminTests(BillingFixture fixture) : BillingTest(fixture)
{
    [Fact]
    public async Task Run_now_repairs_the_drift_records_what_it_found_and_a_second_click_runs_nothing()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client); // paid, but no webhook ever arrives
        var subscriptionId = (await Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Status = "all" })).Data.Single().Id;
        var admin = await new AdminSteps(Factory).AdminAsync();

        var page = await admin.Client.GetStringAsync("/admin/reconciliation");
        Assert.Equal(Accounts.Text("AdminReconciliation.Never"), Html.TestId(page, "last-run"));
        var runId = System.Text.RegularExpressions.Regex.Match(page, "name=\"RunId\" value=\"([^\"]+)\"").Groups[1].Value;
        var token = await FormTokenAsync(admin.Client, "/admin/reconciliation");
        for (var click = 0; click < 2; click++)
        {
            using var ran = await PostWithTokenAsync(admin.Client, "/admin/reconciliation", token, new Dictionary<string, string> { ["RunId"] = runId });
            Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);
        }

        var run = Assert.Single(await ReadAsync(db => db.ReconciliationRuns.AsNoTracking().ToListAsync()));
        Assert.Equal((Guid.Parse(runId), "admin", 1, 1, subscriptionId), (run.Id, run.Trigger, run.Checked, run.Repaired, run.RepairedSubscriptions));
        Assert.Equal(Domain.Subscriptions.SubscriptionStatus.Active, (await LocalSubscriptionAsync(member.MemberId)).Status);
        var entry = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "reconciliation.run"));
        Assert.Equal((admin.Id, runId), (entry.ActorId, entry.TargetId));
        Assert.Contains(subscriptionId, entry.After, StringComparison.Ordinal);

        page = await admin.Client.GetStringAsync("/admin/reconciliation");
        Assert.Contains(subscriptionId, page, StringComparison.Ordinal);
        Assert.Equal(Accounts.Text("AdminReconciliation.Summary", run.FinishedAt.ToString("f", System.Globalization.CultureInfo.GetCultureInfo("en")), 1, 1, 0),
            Html.TestId(page, "last-run"));
    }

    [Fact]
    public async Task Run_now_while_another_admin_run_holds_the_lock_says_so_and_runs_nothing()
    {
        var admin = await new AdminSteps(Factory).AdminAsync();
        await using var other = new MySqlConnection(Database.ConnectionString);
        await other.OpenAsync();
        await using (var take = new MySqlCommand("SELECT GET_LOCK('fanclub:reconciliation:admin', 0)", other))
        {
            Assert.Equal(1L, Convert.ToInt64(await take.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        using var refused = await admin.Client.SubmitAsync("/admin/reconciliation", new Dictionary<string, string> { ["RunId"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal([Accounts.Text("AdminErrors.reconciliation.running")], Html.FormErrors(await refused.Content.ReadAsStringAsync()));
        Assert.Empty(await ReadAsync(db => db.ReconciliationRuns.AsNoTracking().ToListAsync()));
        Assert.Empty(await AdminConsoleSteps.AuditAsync(Database, "reconciliation.run"));
    }
}
