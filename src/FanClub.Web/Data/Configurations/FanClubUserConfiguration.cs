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
        // The admin member search: prefix on the name (e-mail prefix uses Identity's EmailIndex),
        // newest first with the id as tie-breaker for keyset paging.
        builder.HasIndex(u => u.DisplayName);
        builder.HasIndex(u => new { u.CreatedAt, u.Id });
    }
}
