using System.Net;
using FanClub.Modules.PremiumChat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace FanClub.Web.Tests.Chat;

public sealed class ChatHubTests(ChatFixture fixture) : ChatTest(fixture)
{
    [Fact]
    public async Task Without_a_session_the_hub_answers_401()
    {
        using var response = await Factory.CreateClient().PostAsync(new Uri("/hubs/chat/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_member_joins_the_rooms_their_keys_open_and_is_refused_the_others_with_a_clear_message()
    {
        var supporter = await MemberAsync("Sam");
        await CompAsync(supporter, await TierAsync(Community));
        var nobody = await MemberAsync("Nina");
        var sam = await ConnectAsync(supporter);
        var nina = await ConnectAsync(nobody);

        var joined = await sam.InvokeAsync<ChatJoined>("Join", "community");
        var lounge = await Assert.ThrowsAsync<HubException>(() => sam.InvokeAsync<ChatJoined>("Join", "lounge"));
        var ninaCommunity = await Assert.ThrowsAsync<HubException>(() => nina.InvokeAsync<ChatJoined>("Join", "community"));
        var unknown = await Assert.ThrowsAsync<HubException>(() => sam.InvokeAsync<ChatJoined>("Join", "backstage"));

        Assert.Equal("community", joined.Room);
        Assert.Contains("The room 'VIP lounge' is for members whose membership includes chat:premium. Upgrade to join it.", lounge.Message, StringComparison.Ordinal);
        Assert.Contains("includes chat:community", ninaCommunity.Message, StringComparison.Ordinal);
        Assert.Contains("There is no room 'backstage'.", unknown.Message, StringComparison.Ordinal);
        // Refused is refused: no posting in a room the join failed for.
        var send = await Assert.ThrowsAsync<HubException>(() => sam.InvokeAsync<ChatMessageView>("Send", "lounge", "hello"));
        Assert.Contains("Join 'lounge' before posting in it.", send.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_is_stored_as_plain_text_without_control_characters_and_broadcast_to_the_room()
    {
        var vip = await TierAsync(Premium, Community);
        var alice = await MemberAsync("Alice");
        var bob = await MemberAsync("Bob");
        await CompAsync(alice, vip);
        await CompAsync(bob, vip);
        var aliceHub = await ConnectAsync(alice);
        var bobHub = await ConnectAsync(bob);
        var bobMessages = Listen<ChatMessageView>(bobHub, "message");
        await aliceHub.InvokeAsync<ChatJoined>("Join", "lounge");
        await bobHub.InvokeAsync<ChatJoined>("Join", "lounge");

        var sent = await aliceHub.InvokeAsync<ChatMessageView>("Send", "lounge", "<b>hi</b>\u0007 <script>alert(1)</script>\u202E!\r\nbye\0");
        var received = await bobMessages.NextAsync();

        const string Expected = "<b>hi</b> <script>alert(1)</script>!  bye";
        Assert.Equal(Expected, sent.Text);
        Assert.Equal(sent, received);
        Assert.Equal("Alice", received.Author);
        Assert.Equal(alice.Id, received.MemberId);
        await using var db = Database.CreateContext();
        var stored = await db.ChatMessages.AsNoTracking().SingleAsync();
        Assert.Equal(("lounge", alice.Id, Expected), (stored.Room, stored.MemberId, stored.Text));
        // Whoever joins later gets it in the room's history.
        var later = await ConnectAsync(alice);
        var history = await later.InvokeAsync<ChatJoined>("Join", "lounge");
        Assert.Equal([sent.Id], history.Recent.Select(m => m.Id));
    }

    [Theory]
    [InlineData("   \u0000\u0007 ", "The message is empty.")]
    [InlineData(null, "The message is empty.")]
    public async Task Empty_and_too_long_messages_are_refused(string? text, string expected)
    {
        var member = await MemberAsync("Carla");
        await CompAsync(member, await TierAsync(Community));
        var hub = await ConnectAsync(member);
        await hub.InvokeAsync<ChatJoined>("Join", "community");

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMessageView>("Send", "community", text));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMessageView>("Send", "community", new string('a', ChatText.MaxLength + 1)));
        var longest = await hub.InvokeAsync<ChatMessageView>("Send", "community", new string('a', ChatText.MaxLength));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains("A message has at most 500 characters.", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal(ChatText.MaxLength, longest.Text.Length);
        Assert.Equal(1, await Database.CountAsync("chat_messages"));
    }

    [Fact]
    public async Task Each_message_rechecks_access_so_a_revocation_refuses_the_next_one_at_once()
    {
        var member = await MemberAsync("Dana");
        var comp = await CompAsync(member, await TierAsync(Premium));
        var hub = await ConnectAsync(member);
        await hub.InvokeAsync<ChatJoined>("Join", "lounge");
        await hub.InvokeAsync<ChatMessageView>("Send", "lounge", "before");

        // The dispatcher has not run yet (no waiting here): the refusal comes from the re-check itself.
        await RevokeCompAsync(comp);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMessageView>("Send", "lounge", "after"));

        Assert.Contains("includes chat:premium", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Database.CountAsync("chat_messages"));
    }
}
