using System.Net;

namespace FanClub.Cluster.Tests;

/// <summary>The public-page output cache lives in Redis: a page one node rendered is what every node serves.</summary>
public sealed class SharedCacheTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    /// <summary>The public host the load balancer passes on: it is part of the cache key.</summary>
    private const string PublicHost = "club.example.test";

    [Fact]
    public async Task A_home_page_cached_by_one_node_is_served_by_the_others_until_it_expires()
    {
        var path = "/?shared=" + Guid.NewGuid().ToString("N");
        var first = await HomeAsync(Cluster.Nodes[0], path);
        var tier = await TierAsync("stream:live");
        Assert.DoesNotContain(tier.Slug, first, StringComparison.Ordinal);

        // Node 2 never rendered this page: it answers with node 1's copy, from before the new tier.
        var second = await HomeAsync(Cluster.Nodes[1], path);
        if (second != first)
        {
            await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Cluster.RedisPort}");
            var keys = redis.GetServer($"127.0.0.1:{Cluster.RedisPort}").Keys(pattern: "*").Select(k => k.ToString()).Take(20).ToList();
            Assert.Fail($"Node 2 rendered the page itself. Headers: {LastHeaders}\nRedis keys: {string.Join(", ", keys)}\nnode 1: {Tail(Cluster.Nodes[0].Output)}\nnode 2: {Tail(Cluster.Nodes[1].Output)}");
        }

        // The same node renders afresh a page nobody cached: the tier is there.
        Assert.Contains(tier.Slug, await HomeAsync(Cluster.Nodes[1], "/?shared=" + Guid.NewGuid().ToString("N")), StringComparison.Ordinal);
    }

    private string LastHeaders { get; set; } = string.Empty;

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;

    private async Task<string> HomeAsync(ClusterNode node, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = PublicHost;
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await Browser(node.BaseAddress, new CookieContainer()).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        LastHeaders = response.Headers + "\n" + response.Content.Headers;
        return await response.Content.ReadAsStringAsync();
    }
}
