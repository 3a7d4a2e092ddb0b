using FanClub.Web.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class PartnerAccountConfiguration : IEntityTypeConfiguration<PartnerAccount>
{
    public void Configure(EntityTypeBuilder<PartnerAccount> builder)
    {
        builder.ToTable("partners");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(40);
        builder.Property(p => p.Name).HasMaxLength(100).IsRequired();
        builder.Property(p => p.ApiKeyHash).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.HasIndex(p => p.ApiKeyHash).IsUnique();
        builder.Property(p => p.ApiKeyHint).HasMaxLength(4).IsRequired();
        builder.Property(p => p.WebhookUrl).HasMaxLength(500);
        builder.Property(p => p.WebhookSecret).HasMaxLength(100).IsRequired();
        builder.Property(p => p.PreviousWebhookSecret).HasMaxLength(100);
        builder.Property(p => p.ApiKeyVersion).HasDefaultValue(1);
        builder.Property(p => p.WebhookSecretVersion).HasDefaultValue(1);
    }
}
