using FanClub.Domain.Passes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class PassOfferConfiguration : IEntityTypeConfiguration<PassOffer>
{
    public void Configure(EntityTypeBuilder<PassOffer> builder)
    {
        builder.ToTable("pass_offers");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Slug).HasMaxLength(40).IsRequired();
        builder.HasIndex(o => o.Slug).IsUnique();
        builder.ComplexProperty(o => o.Name, text =>
        {
            text.Property(t => t.English).HasColumnName("name_en").HasMaxLength(120).IsRequired();
            text.Property(t => t.French).HasColumnName("name_fr").HasMaxLength(120).IsRequired();
        });
        builder.ComplexProperty(o => o.Price, money =>
        {
            money.Property(m => m.AmountMinor).HasColumnName("price_amount_minor");
            money.Property(m => m.Currency).HasColumnName("price_currency").HasMaxLength(3).IsFixedLength().IsRequired();
        });
        builder.Property(o => o.Entitlements).HasColumnName("entitlement_keys").HasMaxLength(1000).HasEntitlementKeysConversion();
        builder.Ignore(o => o.WindowEndsAt);
    }
}

internal sealed class PassConfiguration : IEntityTypeConfiguration<Pass>
{
    public void Configure(EntityTypeBuilder<Pass> builder)
    {
        builder.ToTable("passes");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.StripeCheckoutSessionId).HasMaxLength(255).IsRequired();
        builder.HasIndex(p => p.StripeCheckoutSessionId).IsUnique();
        builder.HasIndex(p => p.MemberId);
        builder.Property(p => p.Entitlements).HasColumnName("entitlement_keys").HasMaxLength(1000).HasEntitlementKeysConversion();
    }
}
