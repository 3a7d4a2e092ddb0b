using FanClub.Domain.Entitlements;
using FanClub.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class CompConfiguration : IEntityTypeConfiguration<Comp>
{
    public void Configure(EntityTypeBuilder<Comp> builder)
    {
        builder.ToTable("comps");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reason).HasMaxLength(500).IsRequired();
        builder.HasIndex(c => c.MemberId);
    }
}

internal sealed class BanConfiguration : IEntityTypeConfiguration<Ban>
{
    public void Configure(EntityTypeBuilder<Ban> builder)
    {
        builder.ToTable("bans");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Reason).HasMaxLength(500).IsRequired();
        builder.HasIndex(b => b.MemberId);
    }
}

internal sealed class EntitlementChangeConfiguration : IEntityTypeConfiguration<EntitlementChange>
{
    public void Configure(EntityTypeBuilder<EntitlementChange> builder)
    {
        builder.ToTable("entitlement_changes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Cause).HasMaxLength(20).IsRequired();
        builder.HasIndex(c => new { c.DispatchedAt, c.Id });
        builder.HasIndex(c => new { c.MemberId, c.Id });
    }
}
