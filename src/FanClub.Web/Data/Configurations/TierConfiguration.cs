using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class TierConfiguration : IEntityTypeConfiguration<Tier>
{
    public void Configure(EntityTypeBuilder<Tier> builder)
    {
        builder.ToTable("tiers");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Slug).HasMaxLength(40).IsRequired();
        builder.HasIndex(t => t.Slug).IsUnique();

        builder.ComplexProperty(t => t.Name, text => MapText(text, "name", 80));
        builder.ComplexProperty(t => t.Description, text => MapText(text, "description", 500));
        builder.ComplexProperty(t => t.MonthlyPrice, money => MapMoney(money, "monthly"));
        builder.ComplexProperty(t => t.YearlyPrice, money => MapMoney(money, "yearly"));

        builder.Property(t => t.Entitlements).HasColumnName("entitlement_keys").HasMaxLength(1000).HasEntitlementKeysConversion();
        builder.Property(t => t.StripeProductId).HasMaxLength(64);
        builder.Property(t => t.StripeMonthlyPriceId).HasMaxLength(64);
        builder.Property(t => t.StripeYearlyPriceId).HasMaxLength(64);
        builder.HasIndex(t => t.StripeMonthlyPriceId);
        builder.HasIndex(t => t.StripeYearlyPriceId);
        builder.HasMany(t => t.Prices).WithOne().HasForeignKey(p => p.TierId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(t => t.Prices).UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    internal static void MapMoney(ComplexPropertyBuilder<Money> money, string column)
    {
        money.Property(m => m.AmountMinor).HasColumnName($"{column}_amount_minor");
        money.Property(m => m.Currency).HasColumnName($"{column}_currency").HasMaxLength(3).IsFixedLength().IsRequired();
    }

    private static void MapText(ComplexPropertyBuilder<LocalizedText> text, string column, int maxLength)
    {
        text.Property(t => t.English).HasColumnName($"{column}_en").HasMaxLength(maxLength).IsRequired();
        text.Property(t => t.French).HasColumnName($"{column}_fr").HasMaxLength(maxLength).IsRequired();
    }
}
