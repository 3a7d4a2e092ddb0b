using System.Net;
using FanClub.Modules.PremiumChat;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace FanClub.Cluster.Tests;

/// <summary>A member's session and chat do not belong to the node that served them.</summary>
public sealed class SessionAndChatTests(ClusterFixture cluster, ITestOutputHelper output) : ClusterTest(cluster)
{
    private static readonly TimeSpan BanLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_member_signs_in_through_one_node_and_continues_on_the_others()
    {
        var member = await MemberAsync("Ada");
        var cookies = new CookieContainer();
        var nodes = Cluster.Nodes;

        // The log-in form comes from node 1 (its anti-forgery token and cookie), the post goes to node 2.
        var token = await FormTokenAsync(Browser(nodes[0].BaseAddress, cookies), "/account/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = member.Email, ["Input.Password"] = Password, ["__RequestVerificationToken"] = token,
        });
        using var login = await Browser(nodes[1].BaseAddress, cookies).PostAsync(new Uri("/account/login", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        // The session cookie node 2 issued opens the members area on node 3 and through the balancer.
        foreach (var site in new[] { nodes[2].BaseAddress, nodes[0].BaseAddress, Cluster.LoadBalancer })
        {
            using var members = await Browser(site, cookies).GetAsync(new Uri("/members", UriKind.Relative));
            Assert.True(members.StatusCode == HttpStatusCode.OK, $"{site} answered {(int)members.StatusCode} for /members.");
            Assert.Contains("Ada", await members.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A stranger's request is still refused everywhere: the nodes do check the cookie.
        using var anonymous = await Browser(nodes[2].BaseAddress, new CookieContainer()).GetAsync(new Uri("/members", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_chat_message_posted_on_one_node_reaches_members_connected_to_the_others()
    {
        var vip = await TierAsync("chat:premium", "chat:community");
        var alice = await MemberAsync("Alice");
        var bob = await MemberAsync("Bob");
        await CompAsync(vip, alice.Id, bob.Id);
        var onNode1 = await ChatAsync(Cluster.Nodes[0], alice);
        var onNode3 = await ChatAsync(Cluster.Nodes[2], bob);
        var received = new HubInbox<ChatMessageView>();
        onNode3.On<ChatMessageView>("message", received.Add);
        await onNode1.InvokeAsync<ChatJoined>("Join", "lounge");
        await onNode3.InvokeAsync<ChatJoined>("Join", "lounge");

        var sent = await onNode1.InvokeAsync<ChatMessageView>("Send", "lounge", "hello from node 1");

        Assert.Equal(sent, await received.NextAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_ban_closes_the_members_chat_on_every_node_within_2_seconds()
    {
        var vip = await TierAsync("chat:premium", "chat:community");
        var eve = await MemberAsync("Eve");
        await CompAsync(vip, eve.Id);
        // One connection on each node: whichever node dispatches the ban, two of them are elsewhere.
        var connections = new List<(ClusterNode Node, HubConnection Hub, TaskCompletionSource Closed)>();
        foreach (var node in Cluster.Nodes)
        {
            var hub = await ChatAsync(node, eve);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            hub.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            await hub.InvokeAsync<ChatJoined>("Join", "lounge");
            connections.Add((node, hub, closed));
        }

        await WaitForDispatchAsync(TimeSpan.FromSeconds(15));

        // Timed from the commit of the ban: that is when it is applied, whichever node dispatches it.
        var clock = await BanAsync(eve.Id);
        var closedAt = await Task.WhenAll(connections.Select(async c =>
        {
            await c.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return (c.Node.Index, clock.Elapsed);
        }));

        foreach (var (node, elapsed) in closedAt)
        {
            output.WriteLine($"ban -> chat on node {node} closed: {elapsed.TotalMilliseconds:F0} ms");
        }

        Assert.All(closedAt, c => Assert.True(c.Elapsed < BanLimit, $"The banned member's chat on node {c.Index} closed after {c.Elapsed.TotalMilliseconds:F0} ms."));
        Assert.All(connections, c => Assert.Equal(HubConnectionState.Disconnected, c.Hub.State));
    }
}
