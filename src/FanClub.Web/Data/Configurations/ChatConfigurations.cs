using FanClub.Modules.PremiumChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FanClub.Web.Data.Configurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        builder.ToTable("chat_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.Room).HasMaxLength(40).IsRequired();
        builder.Property(m => m.AuthorName).HasMaxLength(100).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(ChatText.MaxLength).IsRequired();
        // A room's latest messages: the history a member sees on joining.
        builder.HasIndex(m => new { m.Room, m.Id });
        builder.HasIndex(m => m.MemberId);
    }
}

internal sealed class ChatMuteConfiguration : IEntityTypeConfiguration<ChatMute>
{
    public void Configure(EntityTypeBuilder<ChatMute> builder)
    {
        builder.ToTable("chat_mutes");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Room).HasMaxLength(40).IsRequired();
        builder.HasIndex(m => new { m.Room, m.MemberId, m.Until });
    }
}
