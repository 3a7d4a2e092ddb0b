using FanClub.Billing.Configuration;
using FanClub.Billing.Persistence;
using FanClub.Billing.Reconciliation;
using FanClub.Domain.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace FanClub.Web.Tests.Billing;

/// <summary>When no webhook ever arrives, reconciliation alone brings FanClub to what Stripe says.</summary>
public sealed class ReconciliationTests(BillingFixture fixture) : BillingTest(fixture)
{
    [Fact]
    public async Task Reconciliation_repairs_drift_when_webhooks_were_never_delivered()
    {
        var member = await MemberAsync();
        await CheckoutAsync(member.Client);
        var subscriptionId = (await Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Status = "all" })).Data.Single().Id;

        var created = await ReconcileAsync();
        Assert.Equal((1, 1), (created.Checked, created.Repaired));
        await AssertMatchesStripeAsync(member.MemberId, subscriptionId);
        Assert.Equal(Gold.Id, (await LocalSubscriptionAsync(member.MemberId)).TierId);

        // Changed in the Stripe dashboard, and the event lost.
        await Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        Assert.Equal(1, (await ReconcileAsync()).Repaired);
        await AssertMatchesStripeAsync(member.MemberId, subscriptionId);

        var periodEnd = (await LocalSubscriptionAsync(member.MemberId)).CurrentPeriodEnd;
        await AdvanceAsync(periodEnd - AppNow + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await ReconcileAsync()).Repaired);
        await AssertMatchesStripeAsync(member.MemberId, subscriptionId);
        Assert.Equal(SubscriptionStatus.Canceled, (await LocalSubscriptionAsync(member.MemberId)).Status);

        var quiet = await ReconcileAsync();
        Assert.Equal((1, 0), (quiet.Checked, quiet.Repaired));
        Assert.Empty(await InboxAsync());
    }

    [Fact]
    public async Task With_several_nodes_one_runs_reconciliation_per_interval_and_a_node_holding_the_run_makes_the_others_skip()
    {
        var node = ActivatorUtilities.CreateInstance<ReconciliationService>(Factory.Services);
        await using (var otherNode = Factory.Services.CreateAsyncScope())
        {
            // Another node is in the middle of a run: it holds the lock on its own connection.
            var held = await otherNode.ServiceProvider.GetRequiredService<IBillingStore>()
                .TryTakeRunLockAsync(ReconciliationService.RunLockName, CancellationToken.None);
            Assert.NotNull(held);
            await using (held)
            {
                Assert.False(await RunIfDueAsync(node));
                Assert.Equal(0, await Database.CountAsync("reconciliation_runs"));
            }
        }

        Assert.True(await RunIfDueAsync(node));
        Assert.Equal(1, await Database.CountAsync("reconciliation_runs"));
        // A second node whose timer fires right after finds the run already done.
        Assert.False(await RunIfDueAsync(ActivatorUtilities.CreateInstance<ReconciliationService>(Factory.Services)));

        var interval = Factory.Services.GetRequiredService<IOptions<BillingOptions>>().Value.ReconcileInterval;
        Factory.Clock.Advance(interval / 2);
        Assert.True(await RunIfDueAsync(node));
        Assert.Equal(2, await Database.CountAsync("reconciliation_runs"));
    }

    private async Task<bool> RunIfDueAsync(ReconciliationService node)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await node.RunIfDueAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private async Task AssertMatchesStripeAsync(Guid memberId, string subscriptionId)
    {
        var local = await LocalSubscriptionAsync(memberId);
        var remote = await Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Equal(subscriptionId, local.StripeSubscriptionId);
        Assert.Equal(remote.Status, StatusName(local.Status));
        Assert.Equal(remote.Items.Data[0].Price.Id, local.StripePriceId);
        Assert.Equal(remote.Items.Data[0].CurrentPeriodEnd, local.CurrentPeriodEnd.UtcDateTime);
        Assert.Equal(remote.CancelAtPeriodEnd, local.CancelAtPeriodEnd);
    }

    public static string StatusName(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.IncompleteExpired => "incomplete_expired",
        SubscriptionStatus.PastDue => "past_due",
        _ => status.ToString().ToLowerInvariant(),
    };
}
