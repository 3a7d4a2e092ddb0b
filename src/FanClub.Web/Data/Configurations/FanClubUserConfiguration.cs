using FanClub.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class FanClubUserConfiguration : IEntityTypeConfiguration<FanClubUser>
{
    public void Configure(EntityTypeBuilder<FanClubUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(80).IsRequired();
        builder.Property(u => u.PreferredCulture).HasMaxLength(10).IsRequired();
    }
}
