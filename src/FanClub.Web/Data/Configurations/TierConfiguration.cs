using FanClub.Domain.Common;
using FanClub.Domain.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
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

        // A handful of short keys per tier: one column, read with the tier, is simpler than a join table.
        builder.Property(t => t.Entitlements)
            .HasColumnName("entitlement_keys")
            .HasMaxLength(1000)
            .HasConversion(
                keys => string.Join(' ', keys.Select(k => k.Value)),
                text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(EntitlementKey.Parse).ToArray(),
                new ValueComparer<IReadOnlyList<EntitlementKey>>(
                    (a, b) => a!.SequenceEqual(b!),
                    keys => keys.Aggregate(0, (hash, key) => HashCode.Combine(hash, key)),
                    keys => keys.ToArray()));
    }

    private static void MapText(ComplexPropertyBuilder<LocalizedText> text, string column, int maxLength)
    {
        text.Property(t => t.English).HasColumnName($"{column}_en").HasMaxLength(maxLength).IsRequired();
        text.Property(t => t.French).HasColumnName($"{column}_fr").HasMaxLength(maxLength).IsRequired();
    }

    private static void MapMoney(ComplexPropertyBuilder<Money> money, string column)
    {
        money.Property(m => m.AmountMinor).HasColumnName($"{column}_amount_minor");
        money.Property(m => m.Currency).HasColumnName($"{column}_currency").HasMaxLength(3).IsFixedLength().IsRequired();
    }
}
