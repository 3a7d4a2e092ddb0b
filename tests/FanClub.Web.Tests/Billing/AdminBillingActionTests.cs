using System.Net;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using FanClub.Web.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace FanClub.Web.Tests.Billing;

/// <summary>
/// The admin's money actions (refund, cancel, change tier) through the member page, against the
/// Stripe sandbox: each goes through the billing use cases members' own actions use, is audited,
/// and is done once however often the form is sent.
/// </summary>
public sealed class AdminBillingActionTests(BillingFixture fixture) : BillingTest(fixture)
{
    [Fact]
    public async Task A_partial_refund_then_the_rest_through_stripe_once_each_and_the_full_one_ends_access()
    {
        var member = await SubscribedMemberAsync("gold");
        var admin = await new AdminSteps(Factory).AdminAsync();
        var payment = await ReadAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.MemberId == member.MemberId));
        var key = Guid.NewGuid().ToString("N");
        var partial = new Dictionary<string, string>
        {
            ["Input.PaymentId"] = payment.StripeObjectId, ["Input.Amount"] = "3.00", ["Input.Reason"] = "Stream outage", ["Input.Confirm"] = "true", ["Input.RequestKey"] = key,
        };

        var token = await MemberActionTests.FormTokenAsync(admin.Client, member.MemberId);
        using (var first = await MemberActionTests.PostAsync(admin.Client, member.MemberId, "Refund", token, partial))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using (var again = await MemberActionTests.PostAsync(admin.Client, member.MemberId, "Refund", token, partial))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var refunds = await Stripe.V1.Refunds.ListAsync(new RefundListOptions { Charge = payment.StripeChargeId });
        Assert.Equal([300L], refunds.Data.Select(r => r.Amount));
        var afterPartial = await ReadAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id));
        Assert.Equal(PaymentStatus.PartiallyRefunded, afterPartial.Status);
        Assert.Equal(300, afterPartial.AmountRefundedMinor);
        Assert.True((await LocalSubscriptionAsync(member.MemberId)).GrantsAccess(AppNow, TimeSpan.FromDays(3)), "A partial refund is a goodwill gesture.");

        using (var rest = await MemberActionTests.PostActionAsync(admin.Client, member.MemberId, "Refund",
            new() { ["Input.PaymentId"] = payment.StripeObjectId, ["Input.Reason"] = "Fraud claim", ["Input.Confirm"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, rest.StatusCode);
        }

        refunds = await Stripe.V1.Refunds.ListAsync(new RefundListOptions { Charge = payment.StripeChargeId });
        Assert.Equal(999, refunds.Data.Sum(r => r.Amount));
        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(AccessEndReason.Refunded, local.AccessEndReason);
        Assert.Empty(await EntitlementsShownAsync(member.Client));
        // The webhooks that follow change nothing more.
        await DeliverAsync();
        Assert.Equal(PaymentStatus.Refunded, (await ReadAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id))).Status);

        var audit = await ReadAsync(db => db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["member.refund", "member.refund"], audit.Select(e => e.Action));
        Assert.Equal(["Stream outage", "Fraud claim"], audit.Select(e => e.Reason));
        Assert.Contains("\"refundedMinor\":300", audit[0].After, StringComparison.Ordinal);
        Assert.Contains("\"refundedMinor\":999", audit[1].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_at_period_end_keeps_access_and_cancelling_now_ends_it()
    {
        var member = await SubscribedMemberAsync("gold");
        var admin = await new AdminSteps(Factory).AdminAsync();

        using (var atEnd = await MemberActionTests.PostActionAsync(admin.Client, member.MemberId, "Cancel",
            new() { ["Input.AtPeriodEnd"] = "true", ["Input.Reason"] = "Asked by phone", ["Input.Confirm"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, atEnd.StatusCode);
        }

        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.True(local.CancelAtPeriodEnd);
        Assert.True((await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).CancelAtPeriodEnd);
        Assert.NotEmpty(await EntitlementsShownAsync(member.Client));

        using (var now = await MemberActionTests.PostActionAsync(admin.Client, member.MemberId, "Cancel",
            new() { ["Input.Reason"] = "Chargeback threat", ["Input.Confirm"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        }

        local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(SubscriptionStatus.Canceled, local.Status);
        Assert.Equal("canceled", (await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).Status);
        Assert.Empty(await EntitlementsShownAsync(member.Client));

        var audit = await ReadAsync(db => db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["member.cancel_at_period_end", "member.cancel_now"], audit.Select(e => e.Action));
        Assert.Contains("\"cancelAtPeriodEnd\":false", audit[0].Before, StringComparison.Ordinal);
        Assert.Contains("\"cancelAtPeriodEnd\":true", audit[0].After, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Canceled\"", audit[1].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_tier_goes_through_the_members_own_switch_and_a_stripe_refusal_leaves_the_form_usable()
    {
        var member = await SubscribedMemberAsync("gold");
        var admin = await new AdminSteps(Factory).AdminAsync();

        using (var changed = await MemberActionTests.PostActionAsync(admin.Client, member.MemberId, "ChangeTier",
            new() { ["Input.TierId"] = Vip.Id.ToString(), ["Input.Reason"] = "Upgrade offered", ["Input.Confirm"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(Vip.Id, local.TierId);
        Assert.Contains("chat:premium", await EntitlementsShownAsync(member.Client));
        var entry = await ReadAsync(db => db.AuditLog.AsNoTracking().SingleAsync());
        Assert.Equal("member.change_tier", entry.Action);
        Assert.Contains(Gold.Id.ToString(), entry.Before, StringComparison.Ordinal);
        Assert.Contains(Vip.Id.ToString(), entry.After, StringComparison.Ordinal);

        // Stripe down: nothing is recorded, and the same form can be sent again once it is back.
        var key = Guid.NewGuid().ToString("N");
        var fields = new Dictionary<string, string> { ["Input.TierId"] = Gold.Id.ToString(), ["Input.Reason"] = "Back", ["Input.Confirm"] = "true", ["Input.RequestKey"] = key };
        var token = await MemberActionTests.FormTokenAsync(admin.Client, member.MemberId);
        Sandbox.Faults.FailNext(10);
        using (var refused = await MemberActionTests.PostAsync(admin.Client, member.MemberId, "ChangeTier", token, fields))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.NotEmpty(Html.FormErrors(await refused.Content.ReadAsStringAsync()));
        }

        Sandbox.Faults.Reset();
        Assert.Single(await ReadAsync(db => db.AuditLog.AsNoTracking().ToListAsync()));
        using var retried = await MemberActionTests.PostAsync(admin.Client, member.MemberId, "ChangeTier", token, fields);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(2, (await ReadAsync(db => db.AuditLog.AsNoTracking().ToListAsync())).Count);
    }
}
