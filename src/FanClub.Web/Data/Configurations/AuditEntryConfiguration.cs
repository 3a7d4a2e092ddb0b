using FanClub.Web.Admin.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ActorEmail).HasMaxLength(AuditEntry.EmailLength).IsRequired();
        builder.Property(e => e.IpAddress).HasMaxLength(AuditEntry.IpLength);
        builder.Property(e => e.Action).HasMaxLength(AuditEntry.ActionLength).IsRequired();
        builder.Property(e => e.TargetType).HasMaxLength(AuditEntry.TargetTypeLength).IsRequired();
        builder.Property(e => e.TargetId).HasMaxLength(AuditEntry.TargetIdLength).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(AuditEntry.ReasonLength);
        builder.Property(e => e.Before).HasColumnType("json");
        builder.Property(e => e.After).HasColumnType("json");
        // The log page filters by member, actor or action, newest first, paging on Id.
        builder.HasIndex(e => new { e.MemberId, e.Id });
        builder.HasIndex(e => new { e.ActorId, e.Id });
        builder.HasIndex(e => new { e.Action, e.Id });
        builder.HasIndex(e => e.At);
    }
}
