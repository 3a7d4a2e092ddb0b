using FanClub.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class TierPriceConfiguration : IEntityTypeConfiguration<TierPrice>
{
    public void Configure(EntityTypeBuilder<TierPrice> builder)
    {
        builder.ToTable("tier_prices");
        builder.HasKey(p => p.StripePriceId);
        builder.Property(p => p.StripePriceId).HasMaxLength(64);
        builder.Property(p => p.Interval).HasConversion<string>().HasMaxLength(8);
        builder.ComplexProperty(p => p.Amount, money =>
        {
            money.Property(m => m.AmountMinor).HasColumnName("amount_minor");
            money.Property(m => m.Currency).HasColumnName("currency").HasMaxLength(3).IsFixedLength().IsRequired();
        });
    }
}
