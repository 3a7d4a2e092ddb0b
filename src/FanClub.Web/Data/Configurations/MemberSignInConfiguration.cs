using FanClub.Web.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class MemberSignInConfiguration : IEntityTypeConfiguration<MemberSignIn>
{
    public void Configure(EntityTypeBuilder<MemberSignIn> builder)
    {
        builder.ToTable("member_sign_ins");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedOnAdd();
        builder.Property(s => s.Method).HasMaxLength(16).IsRequired();
        builder.HasIndex(s => new { s.MemberId, s.At });
        builder.HasOne<FanClubUser>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
