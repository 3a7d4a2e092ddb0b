using FanClub.Web.Streams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class StreamSessionConfiguration : IEntityTypeConfiguration<StreamSession>
{
    public void Configure(EntityTypeBuilder<StreamSession> builder)
    {
        builder.ToTable("stream_sessions");
        // Every query is "this member's sessions", so the member leads the key.
        builder.HasKey(s => new { s.MemberId, s.SessionId });
        builder.Property(s => s.SessionId).HasMaxLength(64);
        builder.Property(s => s.StreamId).HasMaxLength(64).IsRequired();
    }
}
