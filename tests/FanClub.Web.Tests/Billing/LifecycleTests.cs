using System.Net;
using FanClub.Billing.Configuration;
using FanClub.Domain.Payments;
using FanClub.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace FanClub.Web.Tests.Billing;

/// <summary>What happens to a membership after it starts: cancel, resume, upgrade, dunning, refunds, disputes, passes.</summary>
public sealed class LifecycleTests(BillingFixture fixture) : BillingTest(fixture)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Cancel_at_period_end_keeps_access_until_the_period_ends_then_ends_it_with_one_notice()
    {
        var member = await SubscribedMemberAsync();
        using var cancel = await BillingActionAsync(member.Client, "Cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);

        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.True(local.CancelAtPeriodEnd);
        Assert.True((await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).CancelAtPeriodEnd);
        await DeliverAsync();
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(member.Client));

        await AdvanceAsync(local.CurrentPeriodEnd - AppNow + Minute);
        await DeliverAsync();

        var ended = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(SubscriptionStatus.Canceled, ended.Status);
        Assert.Equal("canceled", (await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).Status);
        Assert.Empty(await EntitlementsShownAsync(await SignInAgainAsync(member)));
        Assert.Equal(["AccessEnded", "Receipt", "Welcome"], await NoticeKindsAsync(member.MemberId));
    }

    [Fact]
    public async Task Resuming_undoes_the_cancellation_and_the_membership_renews()
    {
        var member = await SubscribedMemberAsync();
        using (await BillingActionAsync(member.Client, "Cancel"))
        {
        }

        using var resume = await BillingActionAsync(member.Client, "Resume");

        Assert.Equal(HttpStatusCode.Redirect, resume.StatusCode);
        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.False(local.CancelAtPeriodEnd);
        Assert.False((await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).CancelAtPeriodEnd);

        await AdvanceAsync(local.CurrentPeriodEnd - AppNow + Minute);
        await DeliverAsync();

        var renewed = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(SubscriptionStatus.Active, renewed.Status);
        Assert.Equal(local.CurrentPeriodEnd, renewed.CurrentPeriodStart);
        Assert.Equal(2, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "Receipt"));
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(await SignInAgainAsync(member)));
    }

    [Fact]
    public async Task An_upgrade_changes_the_tier_at_once_and_charges_a_prorated_invoice()
    {
        var member = await SubscribedMemberAsync("gold");

        using var upgrade = await BillingActionAsync(member.Client, "Switch", new() { ["tierId"] = Vip.Id.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, upgrade.StatusCode);
        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(Vip.Id, local.TierId);
        Assert.Equal(["chat:community", "chat:premium", "stream:live", "stream:replays"], await EntitlementsShownAsync(member.Client));
        var remote = await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("subscription_update", remote.LatestInvoice.BillingReason);
        Assert.Equal("paid", remote.LatestInvoice.Status);
        Assert.InRange(remote.LatestInvoice.AmountPaid, 990, 1000);

        await DeliverAsync();

        var payments = await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == member.MemberId).ToListAsync());
        Assert.Equal(2, payments.Count);
        Assert.All(payments, p => Assert.Equal(PaymentStatus.Paid, p.Status));
        Assert.Contains(payments, p => p.StripeObjectId == remote.LatestInvoiceId && p.Amount.AmountMinor == remote.LatestInvoice.AmountPaid);
        Assert.Equal(2, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "Receipt"));
        Assert.Equal(Vip.Id, (await LocalSubscriptionAsync(member.MemberId)).TierId);
    }

    [Fact]
    public async Task A_downgrade_charges_nothing_now_keeps_the_paid_tier_until_period_end_then_bills_the_cheaper_one()
    {
        var member = await SubscribedMemberAsync("vip");
        var before = await LocalSubscriptionAsync(member.MemberId);

        using var downgrade = await BillingActionAsync(member.Client, "Switch", new() { ["tierId"] = Gold.Id.ToString() });

        Assert.Equal(HttpStatusCode.Redirect, downgrade.StatusCode);
        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(Gold.Id, local.TierId);
        Assert.Equal(Vip.Id, local.PreviousTierId);
        Assert.Equal(before.CurrentPeriodEnd, local.PreviousTierUntil);
        // Paid for VIP until the period ends: the VIP keys stay.
        Assert.Equal(["chat:community", "chat:premium", "stream:live", "stream:replays"], await EntitlementsShownAsync(member.Client));
        var remote = await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("subscription_create", remote.LatestInvoice.BillingReason);

        await AdvanceAsync(before.CurrentPeriodEnd - AppNow + TimeSpan.FromHours(1));
        await DeliverAsync();

        var renewed = await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("subscription_cycle", renewed.LatestInvoice.BillingReason);
        Assert.Equal(Gold.MonthlyPrice.AmountMinor, renewed.LatestInvoice.AmountPaid);
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(await SignInAgainAsync(member)));
    }

    [Fact]
    public async Task A_declined_renewal_keeps_access_for_the_grace_period_then_ends_it_once_and_a_new_card_recovers()
    {
        var member = await SubscribedMemberAsync(card: CardFailsAtRenewal);
        var local = await LocalSubscriptionAsync(member.MemberId);

        await AdvanceAsync(local.CurrentPeriodEnd - AppNow + Minute);
        await DeliverAsync();

        var pastDue = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(SubscriptionStatus.PastDue, pastDue.Status);
        Assert.Contains("PaymentFailed", await NoticeKindsAsync(member.MemberId));
        var client = await SignInAgainAsync(member);
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(client));

        // Only FanClub's clock moves: Stripe has not retried yet, and the grace period is over.
        var grace = Factory.Services.GetRequiredService<IOptions<BillingOptions>>().Value.GracePeriod;
        Factory.Clock.Advance(grace - TimeSpan.FromHours(1));
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(client));
        Factory.Clock.Advance(TimeSpan.FromHours(1) + Minute);
        client = await SignInAgainAsync(member);
        Assert.Empty(await EntitlementsShownAsync(client));

        var first = await ReconcileAsync();
        var second = await ReconcileAsync();
        Assert.Equal(1, first.GraceExpired);
        Assert.Null(first.Error);
        Assert.Equal(1, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "AccessEnded"));
        Assert.Equal(1, second.GraceExpired);
        Assert.Equal(1, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "AccessEnded"));

        // The member fixes the card in Stripe's portal; the open invoice is paid at once.
        using var portal = await BillingActionAsync(client, "Portal");
        Assert.Equal(HttpStatusCode.Redirect, portal.StatusCode);
        using (var card = new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = CardSucceeds }))
        using (var saved = await SandboxBrowser.PostAsync(new Uri(portal.Headers.Location + "/card"), card))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        await DeliverAsync();

        Assert.Equal(SubscriptionStatus.Active, (await LocalSubscriptionAsync(member.MemberId)).Status);
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(client));
        var payments = await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == member.MemberId).ToListAsync());
        Assert.Equal(2, payments.Count);
        Assert.All(payments, p => Assert.Equal(PaymentStatus.Paid, p.Status));
        Assert.Equal(2, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "Receipt"));
    }

    [Fact]
    public async Task A_full_refund_ends_access_now_and_stops_the_subscription_in_Stripe()
    {
        var member = await SubscribedMemberAsync();
        var payment = await SinglePaymentAsync(member.MemberId);

        await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = payment.StripeChargeId });
        await DeliverAsync();

        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(AccessEndReason.Refunded, local.AccessEndReason);
        Assert.Equal(SubscriptionStatus.Canceled, local.Status);
        Assert.Equal("canceled", (await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).Status);
        Assert.Equal(PaymentStatus.Refunded, (await SinglePaymentAsync(member.MemberId)).Status);
        Assert.Empty(await EntitlementsShownAsync(member.Client));
        Assert.Equal(1, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "AccessEnded"));
    }

    [Fact]
    public async Task A_partial_refund_keeps_access()
    {
        var member = await SubscribedMemberAsync();
        var payment = await SinglePaymentAsync(member.MemberId);

        await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = payment.StripeChargeId, Amount = 300 });
        await DeliverAsync();

        var refunded = await SinglePaymentAsync(member.MemberId);
        Assert.Equal(PaymentStatus.PartiallyRefunded, refunded.Status);
        Assert.Equal(300, refunded.AmountRefundedMinor);
        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Null(local.AccessEndedAt);
        Assert.Equal(SubscriptionStatus.Active, local.Status);
        Assert.Equal(["chat:community", "stream:live"], await EntitlementsShownAsync(member.Client));
        Assert.DoesNotContain("AccessEnded", await NoticeKindsAsync(member.MemberId));
    }

    [Fact]
    public async Task A_dispute_ends_access()
    {
        var member = await SubscribedMemberAsync();
        var payment = await SinglePaymentAsync(member.MemberId);

        await DisputeAsync(payment.StripeChargeId!);
        await DeliverAsync();

        var local = await LocalSubscriptionAsync(member.MemberId);
        Assert.Equal(AccessEndReason.Disputed, local.AccessEndReason);
        Assert.Equal(PaymentStatus.Disputed, (await SinglePaymentAsync(member.MemberId)).Status);
        Assert.Equal("canceled", (await Stripe.V1.Subscriptions.GetAsync(local.StripeSubscriptionId)).Status);
        Assert.Empty(await EntitlementsShownAsync(member.Client));
        Assert.Equal(1, (await NoticesAsync(member.MemberId)).Count(n => n.Kind == "AccessEnded"));
    }

    [Fact]
    public async Task A_pass_grants_its_keys_for_the_event_window_and_a_refund_revokes_it()
    {
        var member = await MemberAsync();

        using var buy = await BillingActionAsync(member.Client, "BuyPass", new() { ["offerId"] = PrimeNight.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, buy.StatusCode);
        await PayAsync(buy.Headers.Location!, CardSucceeds);
        await DeliverAsync();

        var pass = Assert.Single(await ReadAsync(db => db.Passes.AsNoTracking().Where(p => p.MemberId == member.MemberId).ToListAsync()));
        Assert.Equal(PrimeNight.WindowEndsAt, pass.ValidUntil);
        Assert.Equal(["stream:prime-night"], await EntitlementsShownAsync(member.Client));
        Assert.Equal(["PassReceipt"], await NoticeKindsAsync(member.MemberId));
        var payment = await SinglePaymentAsync(member.MemberId);
        Assert.Equal(PaymentKind.Pass, payment.Kind);
        Assert.Equal(PaymentStatus.Paid, payment.Status);

        await Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = payment.StripeChargeId });
        await DeliverAsync();

        Assert.NotNull((await ReadAsync(db => db.Passes.AsNoTracking().SingleAsync(p => p.MemberId == member.MemberId))).RevokedAt);
        Assert.Empty(await EntitlementsShownAsync(member.Client));
        Assert.Equal(PaymentStatus.Refunded, (await SinglePaymentAsync(member.MemberId)).Status);
    }

    [Fact]
    public async Task A_pass_ends_with_its_replay_window()
    {
        var member = await MemberAsync();
        using var buy = await BillingActionAsync(member.Client, "BuyPass", new() { ["offerId"] = PrimeNight.Id.ToString() });
        await PayAsync(buy.Headers.Location!, CardSucceeds);
        await DeliverAsync();

        Factory.Clock.Advance(PrimeNight.WindowEndsAt - AppNow + Minute);

        Assert.Empty(await EntitlementsShownAsync(await SignInAgainAsync(member)));
    }

    private async Task<Payment> SinglePaymentAsync(Guid memberId)
    {
        var payment = Assert.Single(await ReadAsync(db => db.Payments.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync()));
        Assert.NotNull(payment.StripeChargeId);
        return payment;
    }
}
