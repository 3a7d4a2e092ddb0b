using FanClub.Modules.PremiumChat;
using FanClub.Web.Accounts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tests.Chat;

public sealed class ChatModerationTests(ChatFixture fixture) : ChatTest(fixture)
{
    [Fact]
    public async Task An_admin_deletes_a_message_everyone_sees_it_go_and_history_no_longer_has_it()
    {
        var vip = await TierAsync(Premium);
        var author = await MemberAsync("Hugo");
        var reader = await MemberAsync("Iris");
        var admin = await MemberAsync("Moderator", Roles.Admin);
        await CompAsync(author, vip);
        await CompAsync(reader, vip);
        var authorHub = await ConnectAsync(author);
        var readerHub = await ConnectAsync(reader);
        var adminHub = await ConnectAsync(admin);
        var deletions = Listen<ChatDeleted>(readerHub, "deleted");
        await authorHub.InvokeAsync<ChatJoined>("Join", "lounge");
        await readerHub.InvokeAsync<ChatJoined>("Join", "lounge");
        var message = await authorHub.InvokeAsync<ChatMessageView>("Send", "lounge", "something rude");

        // Members cannot moderate, not even their own messages.
        var refused = await Assert.ThrowsAsync<HubException>(() => authorHub.InvokeAsync("Delete", "lounge", message.Id));
        Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);

        // The admin moderates without holding the room's key.
        await adminHub.InvokeAsync("Delete", "lounge", message.Id);

        Assert.Equal(new ChatDeleted("lounge", message.Id), await deletions.NextAsync());
        await using var db = Database.CreateContext();
        var stored = await db.ChatMessages.AsNoTracking().SingleAsync();
        Assert.Equal(admin.Id, stored.DeletedBy);
        Assert.NotNull(stored.DeletedAt);
        var history = await (await ConnectAsync(reader)).InvokeAsync<ChatJoined>("Join", "lounge");
        Assert.Empty(history.Recent);
        var missing = await Assert.ThrowsAsync<HubException>(() => adminHub.InvokeAsync("Delete", "community", message.Id));
        Assert.Contains($"There is no message {message.Id} in 'community'.", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_muted_member_cannot_post_in_that_room_until_the_mute_ends()
    {
        var both = await TierAsync(Premium, Community);
        var member = await MemberAsync("Jules");
        var admin = await MemberAsync("Moderator", Roles.Admin);
        await CompAsync(member, both);
        var hub = await ConnectAsync(member);
        var adminHub = await ConnectAsync(admin);
        var mutes = Listen<ChatMuted>(hub, "muted");
        await hub.InvokeAsync<ChatJoined>("Join", "lounge");
        await hub.InvokeAsync<ChatJoined>("Join", "community");

        var muted = await adminHub.InvokeAsync<ChatMuted>("Mute", "lounge", member.Id, 10);

        Assert.Equal(muted, await mutes.NextAsync());
        Assert.Equal(Factory.Clock.GetUtcNow().AddMinutes(10), muted.Until, TimeSpan.FromSeconds(1));
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMessageView>("Send", "lounge", "hello?"));
        Assert.Contains("A moderator muted you in this room until", refused.Message, StringComparison.Ordinal);
        // Only in that room.
        await hub.InvokeAsync<ChatMessageView>("Send", "community", "over here then");

        Factory.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var back = await hub.InvokeAsync<ChatMessageView>("Send", "lounge", "back");

        Assert.Equal("back", back.Text);
        var tooLong = await Assert.ThrowsAsync<HubException>(() => adminHub.InvokeAsync<ChatMuted>("Mute", "lounge", member.Id, 0));
        Assert.Contains("A mute lasts from 1 to", tooLong.Message, StringComparison.Ordinal);
        var notAdmin = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMuted>("Mute", "lounge", admin.Id, 5));
        Assert.Contains("unauthorized", notAdmin.Message, StringComparison.OrdinalIgnoreCase);
    }
}
