using System.Net;
using System.Net.Http.Json;
using FanClub.Web.Streams;

namespace FanClub.Cluster.Tests;

/// <summary>
/// The concurrent-stream limit (2 by default) holds for the whole cluster: every node counts a
/// member's players in the same Redis sorted set, one atomic script per start or renewal.
/// </summary>
public sealed class StreamLimitTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const string Stream = "main-stage"; // the live stream module's default, needs stream:live

    [Fact]
    public async Task Players_started_through_different_nodes_share_one_limit()
    {
        var member = await ViewerAsync();
        var nodes = Cluster.Nodes;
        var (phone, laptop, tv) = (NewPlayer(), NewPlayer(), NewPlayer());

        Assert.Equal(HttpStatusCode.OK, await TokenAsync(nodes[0], member, phone));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(nodes[1], member, laptop));
        Assert.Equal(HttpStatusCode.Conflict, await TokenAsync(nodes[2], member, tv));

        // A renewal lands on whichever node the balancer picks: still the same player.
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(nodes[2], member, phone));
        Assert.Equal(HttpStatusCode.OK, await TokenAsync(nodes[0], member, laptop));

        // Closing a player on one node frees its slot for a start on another, at once.
        using (var ended = await Browser(nodes[2].BaseAddress, member.Cookies).PostAsync(new Uri($"/api/me/streams/sessions/{laptop}/end", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await TokenAsync(nodes[1], member, tv));
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Cluster.RedisPort}");
        var key = RedisStreamSessionRegistry.KeyOf(member.Id);
        Assert.Equal(2, await redis.GetDatabase().SortedSetLengthAsync(key));
        Assert.NotNull(await redis.GetDatabase().KeyTimeToLiveAsync(key)); // expires by itself
    }

    [Fact]
    public async Task Players_starting_at_the_same_instant_on_three_nodes_cannot_exceed_the_limit()
    {
        var member = await ViewerAsync();
        var requests = Enumerable.Range(0, 12).Select(i => TokenAsync(Cluster.Nodes[i % ClusterFixture.NodeCount], member, NewPlayer())).ToList();

        var answers = await Task.WhenAll(requests);

        Assert.Equal(2, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(a => a == HttpStatusCode.Conflict));
    }

    private async Task<ClusterMember> ViewerAsync()
    {
        var tier = await TierAsync("stream:live");
        var member = await MemberAsync("Viewer");
        await CompAsync(tier, member.Id);
        return member;
    }

    private static string NewPlayer() => Guid.NewGuid().ToString("N");

    private async Task<HttpStatusCode> TokenAsync(ClusterNode node, ClusterMember member, string sessionId)
    {
        using var response = await Browser(node.BaseAddress, member.Cookies)
            .PostAsJsonAsync(new Uri($"/api/me/streams/{Stream}/token", UriKind.Relative), new { sessionId });
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict,
            $"node {node.Index} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode;
    }
}
