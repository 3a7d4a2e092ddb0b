using FanClub.Web.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class PartnerDeliveryConfiguration : IEntityTypeConfiguration<PartnerDelivery>
{
    public void Configure(EntityTypeBuilder<PartnerDelivery> builder)
    {
        builder.ToTable("partner_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedOnAdd();
        builder.Property(d => d.PartnerId).HasMaxLength(40).IsRequired();
        builder.Property(d => d.EventType).HasMaxLength(40).IsRequired();
        builder.Property(d => d.Payload).HasColumnType("json").IsRequired();
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasIndex(d => new { d.DeliveredAt, d.NextAttemptAt });
        builder.HasIndex(d => new { d.PartnerId, d.MemberId, d.Id });
    }
}

internal sealed class MemberEntitlementStateConfiguration : IEntityTypeConfiguration<MemberEntitlementState>
{
    public void Configure(EntityTypeBuilder<MemberEntitlementState> builder)
    {
        builder.ToTable("member_entitlement_state");
        builder.HasKey(s => s.MemberId);
        builder.Property(s => s.Keys).HasMaxLength(2000).IsRequired();
        builder.HasIndex(s => s.RecheckAt);
    }
}
