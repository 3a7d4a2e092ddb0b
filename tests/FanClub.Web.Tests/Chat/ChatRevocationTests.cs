using System.Diagnostics;
using FanClub.Modules.PremiumChat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace FanClub.Web.Tests.Chat;

/// <summary>
/// A member who loses access leaves the room within 2 seconds of the change being saved, without
/// speaking: the notice dispatcher (every second) tells the chat module, which removes them.
/// </summary>
public sealed class ChatRevocationTests(ChatFixture fixture, ITestOutputHelper output) : ChatTest(fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_banned_member_is_removed_and_disconnected_within_2_seconds()
    {
        var member = await MemberAsync("Eve");
        await CompAsync(member, await TierAsync(Premium, Community));
        var hub = await ConnectAsync(member);
        var removed = Listen<ChatRemoved>(hub, "removed");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.InvokeAsync<ChatJoined>("Join", "lounge");
        await WaitForQuietDispatcherAsync();

        var clock = Stopwatch.StartNew();
        await BanAsync(member);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var elapsed = clock.Elapsed;

        output.WriteLine($"ban -> connection closed: {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Limit, $"The banned member's connection closed after {elapsed.TotalMilliseconds:F0} ms.");
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        if (removed.TryTake(out var notice))
        {
            Assert.Equal(new ChatRemoved("lounge", "banned"), notice);
        }

        // Reconnecting does not help.
        var again = await ConnectAsync(member);
        var refused = await Assert.ThrowsAsync<HubException>(() => again.InvokeAsync<ChatJoined>("Join", "community"));
        Assert.Contains("Your account is suspended", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_whose_comp_is_revoked_leaves_the_premium_room_within_2_seconds_and_keeps_the_community_room()
    {
        var vipComp = await TierAsync(Premium, Community);
        var supporter = await TierAsync(Community);
        var member = await MemberAsync("Finn");
        var other = await MemberAsync("Gaby");
        var comp = await CompAsync(member, vipComp);
        await CompAsync(member, supporter);
        await CompAsync(other, vipComp);
        var hub = await ConnectAsync(member);
        var removed = Listen<ChatRemoved>(hub, "removed");
        var messages = Listen<ChatMessageView>(hub, "message");
        var otherHub = await ConnectAsync(other);
        await hub.InvokeAsync<ChatJoined>("Join", "lounge");
        await hub.InvokeAsync<ChatJoined>("Join", "community");
        await otherHub.InvokeAsync<ChatJoined>("Join", "lounge");
        await WaitForQuietDispatcherAsync();

        var clock = Stopwatch.StartNew();
        await RevokeCompAsync(comp);
        var notice = await removed.NextAsync(TimeSpan.FromSeconds(10));
        var elapsed = clock.Elapsed;

        output.WriteLine($"comp revoked -> removed from the premium room: {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Limit, $"The member left the premium room after {elapsed.TotalMilliseconds:F0} ms.");
        Assert.Equal(new ChatRemoved("lounge", "not_entitled"), notice);
        Assert.Equal(HubConnectionState.Connected, hub.State);

        // Out of the group: the lounge's next message does not reach them; the community room still works.
        await otherHub.InvokeAsync<ChatMessageView>("Send", "lounge", "VIP only");
        var community = await hub.InvokeAsync<ChatMessageView>("Send", "community", "still here");
        Assert.Equal(community, await messages.NextAsync());
        Assert.False(messages.TryTake(out _), "The removed member still received the premium room's messages.");
        var send = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<ChatMessageView>("Send", "lounge", "let me in"));
        Assert.Contains("Join 'lounge' before posting in it.", send.Message, StringComparison.Ordinal);
        Assert.False(removed.TryTake(out _), "The community room was taken away too.");
    }

    /// <summary>
    /// Lets the dispatcher hand out the notices of the set-up (the comps), so the measured time is
    /// that of the change under test alone.
    /// </summary>
    private async Task WaitForQuietDispatcherAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await PendingChangesAsync() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The notice dispatcher did not catch up within 10 s.");
            await Task.Delay(50);
        }
    }

    private async Task<long> PendingChangesAsync()
    {
        await using var db = Database.CreateContext();
        return db.EntitlementChanges.Count(c => c.DispatchedAt == null);
    }
}
