using FanClub.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.StripeSubscriptionId).HasMaxLength(64).IsRequired();
        builder.HasIndex(s => s.StripeSubscriptionId).IsUnique();
        builder.Property(s => s.StripeCustomerId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.StripePriceId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Interval).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.AccessEndReason).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => new { s.MemberId, s.Status });
        builder.HasIndex(s => s.StripeCustomerId);
        builder.HasIndex(s => new { s.TierId, s.Status });
        // The dashboard's aggregates read these indexes alone, never the rows: the covering one holds
        // everything the members and MRR history needs, ranged by start date.
        builder.HasIndex(s => new { s.CreatedAt, s.EndedAt, s.Status, s.TrialEnd, s.Interval, s.StripePriceId, s.TierId });
        builder.HasIndex(s => new { s.EndedAt, s.Status });
        builder.HasIndex(s => new { s.Status, s.PastDueSince });
        builder.Ignore(s => s.IsLive);
    }
}
