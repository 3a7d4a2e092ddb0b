using FanClub.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.StripeObjectId).HasMaxLength(255).IsRequired();
        // One ledger row per invoice or checkout session, however often Stripe tells us about it.
        builder.HasIndex(p => p.StripeObjectId).IsUnique();
        builder.Property(p => p.StripeChargeId).HasMaxLength(64);
        builder.HasIndex(p => p.StripeChargeId);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.HostedInvoiceUrl).HasMaxLength(1000);
        builder.Property(p => p.BillingReason).HasMaxLength(40);
        builder.ComplexProperty(p => p.Amount, money =>
        {
            money.Property(m => m.AmountMinor).HasColumnName("amount_minor");
            money.Property(m => m.Currency).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        });
        builder.HasIndex(p => new { p.MemberId, p.CreatedAt });
        builder.HasIndex(p => new { p.Status, p.CreatedAt });
        builder.Ignore(p => p.IsFullyRefunded);
    }
}
