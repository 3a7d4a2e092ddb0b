using FanClub.Domain.Common;
using FanClub.Domain.Payments;

namespace FanClub.Domain.Tests.Payments;

public sealed class PaymentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static Payment NewPayment(long cents = 999) =>
        Payment.Record(Guid.NewGuid(), Guid.NewGuid(), PaymentKind.Subscription, "in_1", new Money(cents, "EUR"), Now, Now);

    [Fact]
    public void Marking_paid_twice_changes_nothing_the_second_time()
    {
        var payment = NewPayment();

        Assert.True(payment.MarkPaid(Now, Now));
        Assert.False(payment.MarkPaid(Now.AddMinutes(5), Now.AddMinutes(5)));
        Assert.Equal(Now, payment.PaidAt);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
    }

    [Fact]
    public void A_failure_after_success_does_not_undo_the_payment()
    {
        var payment = NewPayment();
        payment.MarkPaid(Now, Now);

        Assert.False(payment.MarkFailed(Now));
        Assert.Equal(PaymentStatus.Paid, payment.Status);
    }

    [Fact]
    public void A_success_after_a_failure_is_paid()
    {
        var payment = NewPayment();
        payment.MarkFailed(Now);

        Assert.True(payment.MarkPaid(Now, Now));
        Assert.Equal(PaymentStatus.Paid, payment.Status);
    }

    [Fact]
    public void Refund_totals_are_cumulative_so_replays_and_reordering_are_harmless()
    {
        var payment = NewPayment(1000);
        payment.MarkPaid(Now, Now);

        Assert.True(payment.SetRefunded(400, Now));
        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.False(payment.SetRefunded(400, Now));
        Assert.False(payment.SetRefunded(200, Now));
        Assert.True(payment.SetRefunded(1000, Now));
        Assert.True(payment.IsFullyRefunded);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
    }

    [Fact]
    public void A_dispute_is_recorded_once_and_outranks_refund_status()
    {
        var payment = NewPayment(1000);
        payment.MarkPaid(Now, Now);

        Assert.True(payment.MarkDisputed(Now));
        Assert.False(payment.MarkDisputed(Now));
        payment.SetRefunded(1000, Now);
        Assert.Equal(PaymentStatus.Disputed, payment.Status);
    }
}
