using FanClub.Web.Accounts;
using FanClub.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class BillingCustomerConfiguration : IEntityTypeConfiguration<BillingCustomer>
{
    public void Configure(EntityTypeBuilder<BillingCustomer> builder)
    {
        builder.ToTable("billing_customers");
        builder.HasKey(c => c.MemberId);
        builder.Property(c => c.StripeCustomerId).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.StripeCustomerId).IsUnique();
        builder.HasOne<FanClubUser>().WithOne().HasForeignKey<BillingCustomer>(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StripeInboxEventConfiguration : IEntityTypeConfiguration<StripeInboxEvent>
{
    public void Configure(EntityTypeBuilder<StripeInboxEvent> builder)
    {
        builder.ToTable("stripe_inbox");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100).IsRequired();
    }
}

internal sealed class NoticeRecordConfiguration : IEntityTypeConfiguration<NoticeRecord>
{
    public void Configure(EntityTypeBuilder<NoticeRecord> builder)
    {
        builder.ToTable("notice_outbox");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Kind).HasMaxLength(40).IsRequired();
        builder.Property(n => n.DedupeKey).HasMaxLength(200).IsRequired();
        builder.HasIndex(n => n.DedupeKey).IsUnique();
        builder.HasIndex(n => new { n.SentAt, n.CreatedAt });
        builder.Property(n => n.DataJson).HasColumnType("json").IsRequired();
        builder.Property(n => n.LastError).HasMaxLength(500);
    }
}

internal sealed class ReconciliationRecordConfiguration : IEntityTypeConfiguration<ReconciliationRecord>
{
    public void Configure(EntityTypeBuilder<ReconciliationRecord> builder)
    {
        builder.ToTable("reconciliation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Error).HasMaxLength(500);
        builder.Property(r => r.RepairedSubscriptions).HasMaxLength(3300).IsRequired();
        builder.Property(r => r.Trigger).HasMaxLength(16).IsRequired();
        builder.HasIndex(r => r.StartedAt);
    }
}
