using System.Net;
using FanClub.Domain.Subscriptions;
using FanClub.Web.Tests.Admin;
using FanClub.Web.Tests.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace FanClub.Web.Tests.AdminConsole;

/// <summary>A tier's price change through the admin page, against the Stripe sandbox.</summary>
public sealed class TierPriceChangeTests(BillingFixture fixture) : BillingTest(fixture)
{
    [Fact]
    public async Task A_new_price_sells_to_newcomers_while_subscribers_keep_theirs_until_moved_without_a_charge()
    {
        var member = await SubscribedMemberAsync("gold");
        var oldPrice = (await LocalSubscriptionAsync(member.MemberId)).StripePriceId;
        var admin = await new AdminSteps(Factory).AdminAsync();
        var editPage = $"/admin/tiers/edit?id={Gold.Id}";

        for (var click = 0; click < 2; click++)
        {
            using var saved = await admin.Client.SubmitAsync(editPage, AdminConsoleSteps.TierForm(Gold, monthly: "12.99"));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var tier = await ReadAsync(db => db.Tiers.AsNoTracking().Include(t => t.Prices).SingleAsync(t => t.Id == Gold.Id));
        Assert.Equal(1299, tier.MonthlyPrice.AmountMinor);
        Assert.NotEqual(oldPrice, tier.StripeMonthlyPriceId);
        var newPrice = await Stripe.V1.Prices.GetAsync(tier.StripeMonthlyPriceId);
        Assert.Equal((1299L, tier.StripeProductId, "month"), (newPrice.UnitAmount, newPrice.ProductId, newPrice.Recurring.Interval));
        // Both prices stay known to FanClub: the old one still names Gold for its subscribers.
        Assert.Equal(
            [(oldPrice, 999L), (tier.StripeMonthlyPriceId!, 1299L)],
            tier.Prices.Where(p => p.Interval == BillingInterval.Month).Select(p => (p.StripePriceId, p.Amount.AmountMinor)).OrderBy(p => p.AmountMinor).ToList());
        var change = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "tier.price_change"));
        Assert.Equal((admin.Id, "tier", Gold.Id.ToString()), (change.ActorId, change.TargetType, change.TargetId));
        Assert.Contains("9.99 EUR", change.Before, StringComparison.Ordinal);
        Assert.Contains("12.99 EUR", change.After, StringComparison.Ordinal);

        // The subscriber is still on the old price, in Stripe and here, and reconciliation sees no drift.
        var subscriptionId = (await LocalSubscriptionAsync(member.MemberId)).StripeSubscriptionId;
        Assert.Equal(oldPrice, (await Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Items.Data[0].Price.Id);
        var quiet = await ReconcileAsync();
        Assert.Equal((1, 0), (quiet.Checked, quiet.Repaired));
        Assert.Equal((Gold.Id, oldPrice), ((await LocalSubscriptionAsync(member.MemberId)).TierId, (await LocalSubscriptionAsync(member.MemberId)).StripePriceId));

        // A newcomer buys the new price.
        var newcomer = await SubscribedMemberAsync("gold");
        Assert.Equal(tier.StripeMonthlyPriceId, (await LocalSubscriptionAsync(newcomer.MemberId)).StripePriceId);
        Assert.Equal("1", Html.TestId(await admin.Client.GetStringAsync(editPage), "on-old-price"));

        // Moving: the reason is required, then one click moves the old subscriber, a second finds nothing to do.
        var invoicesBefore = (await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscriptionId })).Data.Count;
        using (var noReason = await admin.Client.SubmitAsync(editPage, new Dictionary<string, string> { ["Action.Reason"] = " " }, handler: "Migrate"))
        {
            Assert.True(noReason.StatusCode == HttpStatusCode.OK, await noReason.Content.ReadAsStringAsync());
            Assert.True(Html.FieldErrors(await noReason.Content.ReadAsStringAsync()).ContainsKey("Action.Reason"));
        }

        Assert.Equal(oldPrice, (await LocalSubscriptionAsync(member.MemberId)).StripePriceId);
        for (var click = 0; click < 2; click++)
        {
            using var moved = await admin.Client.SubmitAsync(editPage, new Dictionary<string, string> { ["Action.Reason"] = "Price rise announced in March" }, handler: "Migrate");
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var remote = await Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Equal(tier.StripeMonthlyPriceId, remote.Items.Data[0].Price.Id);
        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal((tier.StripeMonthlyPriceId, Gold.Id, SubscriptionStatus.Active), (local.StripePriceId, local.TierId, local.Status));
        // No proration: nothing invoiced now.
        Assert.Equal(invoicesBefore, (await Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscriptionId })).Data.Count);
        var migration = Assert.Single(await AdminConsoleSteps.AuditAsync(Database, "tier.migrate_subscribers"));
        Assert.Equal("Price rise announced in March", migration.Reason);
        Assert.Contains(subscriptionId, migration.After, StringComparison.Ordinal);

        // The renewal bills the new price.
        await DeliverAsync();
        await AdvanceAsync(local.CurrentPeriodEnd - AppNow + TimeSpan.FromMinutes(5));
        await DeliverAsync();
        var renewal = await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == member.MemberId).OrderByDescending(p => p.CreatedAt).FirstAsync());
        Assert.Equal(1299, renewal.Amount.AmountMinor);
    }
}
