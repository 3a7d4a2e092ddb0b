using FanClub.Billing.Checkout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class PendingCheckoutConfiguration : IEntityTypeConfiguration<PendingCheckout>
{
    public void Configure(EntityTypeBuilder<PendingCheckout> builder)
    {
        builder.ToTable("checkouts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.StripeSessionId).HasMaxLength(255).IsRequired();
        builder.HasIndex(c => c.StripeSessionId).IsUnique();
        builder.Property(c => c.Url).HasMaxLength(2000).IsRequired();
        builder.Property(c => c.Purpose).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => new { c.MemberId, c.Status });
    }
}
