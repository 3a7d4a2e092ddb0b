using FanClub.Web.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class AdminRequestConfiguration : IEntityTypeConfiguration<AdminRequest>
{
    public void Configure(EntityTypeBuilder<AdminRequest> builder)
    {
        builder.ToTable("admin_requests");
        builder.HasKey(r => r.Key);
        builder.Property(r => r.Key).HasMaxLength(AdminRequest.KeyLength);
        builder.Property(r => r.Action).HasMaxLength(64).IsRequired();
    }
}
